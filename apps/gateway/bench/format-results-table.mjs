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
  { title: 'baseline', align: 'left' },
  { title: '÷ baseline', align: 'right' },
  { title: 'by CPU', align: 'right' },
];

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const milliseconds = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

function times(ratio) {
  return ratio === undefined ? '' : `${ratio.toFixed(2)}×`;
}

/** What a ratio compares with: the baseline target, and its workload when it is another one than the row's. */
function baselineName(ratio) {
  return ratio.baselineWorkload === ratio.workload
    ? ratio.baseline
    : `${ratio.baseline} ${ratio.baselineWorkload}`;
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
    ratio === undefined ? '' : baselineName(ratio),
    times(ratio?.requestsPerSecond),
    times(ratio?.cpu),
  ];
}

/** A workload × target pair that was not run: `skipped` under req/s, a dash in every other figure. */
function skippedCells(skip) {
  return [skip.workload, skip.target, 'skipped', ...COLUMNS.slice(3).map(() => '–')];
}

function pad(text, width, align) {
  return align === 'left' ? text.padEnd(width) : text.padStart(width);
}

function verdict(ratio) {
  const meets = ratio.requestsPerSecond >= ratio.targetRatio ? 'meets' : 'is below';
  const byCpu = `(${times(ratio.cpu)} by CPU per request)`;
  if (ratio.baselineWorkload === ratio.workload)
    return `  ${ratio.workload}: ${times(ratio.requestsPerSecond)} by req/s ${meets} the target ${byCpu}`;
  return (
    `  ${ratio.workload}: ${times(ratio.requestsPerSecond)} the ${ratio.baseline}'s ${ratio.baselineWorkload} req/s ` +
    `${meets} its own target ≥ ${ratio.targetRatio.toFixed(2)}× ${byCpu}`
  );
}

/** A measured row whose baseline row was not measured in this run. */
function notCompared(entry) {
  return (
    `  ${entry.workload}: not compared: its baseline, ${entry.baselineWorkload} → ${entry.baseline}, was not measured ` +
    `(add ${entry.baselineWorkload} to BENCH_WORKLOADS); target ≥ ${entry.targetRatio.toFixed(2)}×`
  );
}

/**
 * Per gateway target measured: its target line, with what it is compared with, then one verdict per workload (a
 * workload with a baseline of its own says which, and its own target), and the workloads it does not run.
 */
function targetVerdicts(ratios, uncompared, skipped, gatewayTargets, workloads) {
  return gatewayTargets.flatMap((target) => {
    const own = ratios.filter((ratio) => ratio.target === target.name);
    const missing = uncompared.filter((entry) => entry.target === target.name);
    if (own.length === 0 && missing.length === 0) return [];
    const note = target.note === undefined ? '' : ` (${target.note})`;
    const notRun = skipped.filter((skip) => skip.target === target.name);
    const order = (entry) => workloads.findIndex((workload) => workload.name === entry.workload);
    const lines = [
      ...own.map((ratio) => ({ at: order(ratio), text: verdict(ratio) })),
      ...missing.map((entry) => ({ at: order(entry), text: notCompared(entry) })),
    ].sort((a, b) => a.at - b.at);
    return [
      `${target.name}: target ≥ ${target.targetRatio.toFixed(2)}× the ${target.baseline}'s req/s on the same workload${note}`,
      ...lines.map((line) => line.text),
      ...notRun.map((skip) => `  ${skip.workload}: not run (${skip.reason})`),
    ];
  });
}

/**
 * One line per workload and reason that skips targets: which, and why (the workload's own reason when it runs on
 * some targets only, or the reason of a target that runs some workloads only).
 */
function skippedNotes(skipped, workloads) {
  return workloads.flatMap((workload) => {
    const own = skipped.filter((skip) => skip.workload === workload.name);
    const reasons = [...new Set(own.map((skip) => skip.reason))];
    return reasons.map((reason) => {
      const targets = own.filter((skip) => skip.reason === reason).map((skip) => skip.target);
      const why =
        reason === workload.skipReason && workload.targets !== undefined
          ? `runs on ${workload.targets.join(', ')} only: ${reason}`
          : reason;
      return `skipped: ${workload.name} → ${targets.join(', ')} (${why})`;
    });
  });
}

/**
 * The report: one line per workload × target, each gateway line with its baseline (the forwarder on the same
 * workload, or the row its workload names: `gateway stream-20-chunks` for the Responses API stream) and its ratios to
 * it, the pairs not run (`skipped`, after the workload's measured lines), and per gateway target its target ratio and
 * verdicts (`uncompared`: measured rows whose baseline was not). `errors` counts connection errors, timeouts,
 * incomplete bodies and failed warm-up requests. `CPU µs/req` and `CPU %` are those of the process serving the target
 * (with the emulator in it in the shared topology).
 */
export function formatResultsTable({
  measurements,
  ratios,
  uncompared = [],
  skipped,
  workloads,
  gatewayTargets,
}) {
  const ratioOf = (row) =>
    ratios.find((ratio) => ratio.workload === row.workload && ratio.target === row.target);
  const rows = [
    COLUMNS.map((column) => column.title),
    ...workloads.flatMap((workload) => [
      ...measurements.filter((row) => row.workload === workload.name).map((row) => cells(row, ratioOf(row))),
      ...skipped.filter((skip) => skip.workload === workload.name).map(skippedCells),
    ]),
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
    '"÷ baseline" = gateway req/s ÷ the baseline row\'s req/s (the baseline target on the same workload, or on the',
    'workload named after it); "by CPU" = baseline CPU/req ÷ gateway CPU/req',
    ...skippedNotes(skipped, workloads),
    ...targetVerdicts(ratios, uncompared, skipped, gatewayTargets, workloads),
  ].join('\n');
}
