const COLUMNS = [
  { title: 'workload', align: 'left' },
  { title: 'target', align: 'left' },
  { title: 'req/s', align: 'right' },
  { title: 'p50 ms', align: 'right' },
  { title: 'p99 ms', align: 'right' },
  { title: 'non-2xx', align: 'right' },
  { title: 'errors', align: 'right' },
  { title: 'CPU µs/req', align: 'right' },
  { title: 'CPU %', align: 'right' },
  { title: 'gateway/forwarder', align: 'right' },
  { title: 'by CPU', align: 'right' },
];

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const milliseconds = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

function times(ratio) {
  return ratio === undefined ? '' : `${ratio.toFixed(2)}×`;
}

function cells(row, ratio) {
  return [
    row.workload,
    row.target,
    integer.format(row.requestsPerSecond),
    milliseconds.format(row.latencyP50Ms),
    milliseconds.format(row.latencyP99Ms),
    String(row.non2xx),
    String(row.errors + row.timeouts + row.mismatches + row.warmUpFailures),
    integer.format(row.cpu.target.microsecondsPerRequest),
    integer.format(100 * row.cpu.target.coreUtilization),
    times(ratio?.requestsPerSecond),
    times(ratio?.cpu),
  ];
}

function pad(text, width, align) {
  return align === 'left' ? text.padEnd(width) : text.padStart(width);
}

function verdict(workload, ratio, targetRatio) {
  const meets = ratio.requestsPerSecond >= targetRatio ? 'meets' : 'is below';
  return `  ${workload}: ${times(ratio.requestsPerSecond)} by req/s ${meets} the target (${times(ratio.cpu)} by CPU per request)`;
}

/**
 * The report: one line per workload × target, the gateway line with its ratios to the forwarder, and the target
 * ratio. `errors` counts connection errors, timeouts, incomplete bodies and failed warm-up requests. `CPU µs/req`
 * and `CPU %` are those of the process serving the target (with the emulator in it in the shared topology).
 */
export function formatResultsTable(measurements, ratios, targetRatio) {
  const rows = [
    COLUMNS.map((column) => column.title),
    ...measurements.map((row) => cells(row, row.target === 'gateway' ? ratios[row.workload] : undefined)),
  ];
  const widths = COLUMNS.map((_column, index) => Math.max(...rows.map((row) => row[index].length)));
  const lines = rows.map((row) =>
    row
      .map((cell, index) => pad(cell, widths[index], COLUMNS[index].align))
      .join('  ')
      .trimEnd(),
  );
  lines.splice(1, 0, widths.map((width) => '-'.repeat(width)).join('  '));
  const verdicts = Object.entries(ratios).map(([workload, ratio]) => verdict(workload, ratio, targetRatio));
  return [
    ...lines,
    '',
    `target ≥ ${targetRatio.toFixed(2)}× (gateway req/s ÷ forwarder req/s; "by CPU" = forwarder CPU/req ÷ gateway CPU/req)`,
    ...verdicts,
  ].join('\n');
}
