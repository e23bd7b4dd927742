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

function verdict(ratio) {
  const meets = ratio.requestsPerSecond >= ratio.targetRatio ? 'meets' : 'is below';
  return `  ${ratio.workload}: ${times(ratio.requestsPerSecond)} by req/s ${meets} the target (${times(ratio.cpu)} by CPU per request)`;
}

/** Per gateway target measured: its target line, with what it is compared with, then one verdict per workload. */
function targetVerdicts(ratios, gatewayTargets) {
  return gatewayTargets.flatMap((target) => {
    const own = ratios.filter((ratio) => ratio.target === target.name);
    if (own.length === 0) return [];
    const note = target.note === undefined ? '' : ` (${target.note})`;
    return [
      `${target.name}: target ≥ ${target.targetRatio.toFixed(2)}× the ${target.baseline}'s req/s${note}`,
      ...own.map(verdict),
    ];
  });
}

/**
 * The report: one line per workload × target, each gateway line with its ratios to its baseline (the forwarder),
 * and per gateway target its target ratio and verdicts. `errors` counts connection errors, timeouts, incomplete
 * bodies and failed warm-up requests. `CPU µs/req` and `CPU %` are those of the process serving the target (with
 * the emulator in it in the shared topology).
 */
export function formatResultsTable(measurements, ratios, gatewayTargets) {
  const ratioOf = (row) =>
    ratios.find((ratio) => ratio.workload === row.workload && ratio.target === row.target);
  const rows = [
    COLUMNS.map((column) => column.title),
    ...measurements.map((row) => cells(row, ratioOf(row))),
  ];
  const widths = COLUMNS.map((_column, index) => Math.max(...rows.map((row) => row[index].length)));
  const lines = rows.map((row) =>
    row
      .map((cell, index) => pad(cell, widths[index], COLUMNS[index].align))
      .join('  ')
      .trimEnd(),
  );
  lines.splice(1, 0, widths.map((width) => '-'.repeat(width)).join('  '));
  return [
    ...lines,
    '',
    'gateway/forwarder = gateway req/s ÷ forwarder req/s; "by CPU" = forwarder CPU/req ÷ gateway CPU/req',
    ...targetVerdicts(ratios, gatewayTargets),
  ].join('\n');
}
