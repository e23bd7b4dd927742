// `pnpm bench`: the gateway against a bare Fastify + undici forwarder, both in front of the OpenAI-compatible
// emulator (chat and embeddings), the gateway serving Claude from the Vertex and the Bedrock emulators against the
// same forwarder, and the gateway's Responses API stream against its own Chat Completions stream, driven by
// autocannon from this process while the servers run in child processes. See README.md.
import { mkdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { readBenchSettings } from './bench-settings.mjs';
import { missingBuiltEntries } from './built-entries.mjs';
import { formatResultsTable } from './format-results-table.mjs';
import { machineBusyFraction } from './machine-busy-fraction.mjs';
import { failedRequests, measureTarget } from './measure-target.mjs';
import { killLiveChildren } from './spawn-target-process.mjs';
import { GATEWAY_TARGETS, TARGETS } from './targets.mjs';
import { baselineOf, runsOn, skipReasonOf, WORKLOADS } from './workloads.mjs';
import { writeResultsFile } from './write-results-file.mjs';

/**
 * Per gateway target × workload measured, its comparison with its baseline (`baselineOf`: the forwarder on the same
 * workload, or the row a workload names, such as the gateway's own `stream-20-chunks` for the Responses API stream):
 * `ratios` holds the req/s and CPU-per-request ratios, `uncompared` the rows whose baseline was not measured in this
 * run (left out by `BENCH_WORKLOADS`).
 */
function gatewayRatios(measurements) {
  const ratios = [];
  const uncompared = [];
  const of = (workload, target) =>
    measurements.find((row) => row.workload === workload && row.target === target);
  for (const target of GATEWAY_TARGETS) {
    for (const workload of WORKLOADS) {
      const gateway = of(workload.name, target.name);
      const reference = baselineOf(workload, target);
      if (gateway === undefined || reference === undefined) continue;
      const entry = {
        workload: workload.name,
        target: target.name,
        baseline: reference.target,
        baselineWorkload: reference.workload,
        targetRatio: reference.targetRatio,
      };
      const baseline = of(reference.workload, reference.target);
      if (baseline === undefined) {
        uncompared.push(entry);
        continue;
      }
      ratios.push({
        ...entry,
        requestsPerSecond: gateway.requestsPerSecond / baseline.requestsPerSecond,
        cpu: baseline.cpu.target.microsecondsPerRequest / gateway.cpu.target.microsecondsPerRequest,
      });
    }
  }
  return { ratios, uncompared };
}

/**
 * The workload × target pairs not run, because the workload names other targets (`workloads.mjs`) or the target
 * other workloads (`targets.mjs`); only for the workloads `BENCH_WORKLOADS` selected.
 */
function skippedRuns(selected) {
  return WORKLOADS.filter((workload) => selected.includes(workload.name)).flatMap((workload) =>
    TARGETS.filter((target) => !runsOn(workload, target)).map((target) => ({
      workload: workload.name,
      target: target.name,
      reason: skipReasonOf(workload, target),
    })),
  );
}

/**
 * The workload × target pairs to measure, in order: workload by workload, each on the targets that run it, except
 * that a pair whose workload names a baseline of its own (`baseline` in `workloads.mjs`, such as the Responses API
 * stream against the gateway's stream-20-chunks) runs right after that baseline pair when it is measured too: the
 * two rows of its ratio then see the machine in the same state (on a shared or virtual machine its speed drifts over
 * a run, which moves rows measured far apart against each other).
 */
function runOrder(selected, selectedTargets) {
  const pairs = WORKLOADS.filter((workload) => selected.includes(workload.name)).flatMap((workload) =>
    TARGETS.filter((target) => selectedTargets.includes(target.name) && runsOn(workload, target)).map(
      (target) => ({ workload, target }),
    ),
  );
  const isBaselineOf = (pair, reference) =>
    pair.workload.name === reference.workload && pair.target.name === reference.target;
  const ordered = pairs.filter(
    (pair) => !pairs.some((other) => pair.workload.baseline && isBaselineOf(other, pair.workload.baseline)),
  );
  for (const pair of pairs.filter((candidate) => !ordered.includes(candidate)).reverse()) {
    ordered.splice(ordered.findIndex((other) => isBaselineOf(other, pair.workload.baseline)) + 1, 0, pair);
  }
  return ordered;
}

async function measureAll(settings, signal) {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const measurements = [];
  for (const { workload, target } of runOrder(settings.workloads, settings.targets)) {
    if (signal.aborted) return measurements;
    const profileName = settings.profiledTargets.includes(target.name)
      ? `${target.name}-${workload.name}-${stamp}.cpuprofile`
      : undefined;
    console.log(
      `… ${workload.name} → ${target.name} (${settings.warmUpSeconds} s warm-up, ${settings.durationSeconds} s measured)`,
    );
    measurements.push(await measureTarget({ target, workload, settings, signal, profileName }));
  }
  return measurements;
}

async function main() {
  const missing = missingBuiltEntries();
  if (missing.length > 0) {
    console.error(`The benchmark loads built packages, and these are missing:\n  ${missing.join('\n  ')}`);
    console.error(
      'Build first: `pnpm -w build` (or `pnpm --filter @modelmux/gateway... build`), then `pnpm bench`.',
    );
    return 2;
  }
  const settings = readBenchSettings();
  const controller = new AbortController();
  const interrupt = () => controller.abort();
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  const profiling = settings.profiledTargets.length > 0;
  if (profiling) await mkdir(settings.profileDirectory, { recursive: true });

  const environment = {
    node: process.version,
    cpus: availableParallelism(),
    topology: settings.topology,
    connections: settings.connections,
    durationSeconds: settings.durationSeconds,
    warmUpSeconds: settings.warmUpSeconds,
    profiledTargets: settings.profiledTargets,
    busyBeforeStart: await machineBusyFraction(),
  };
  console.log(
    `modelmux gateway benchmark: ${settings.durationSeconds} s per run, ${settings.connections} connections, ` +
      `${settings.topology} topology, node ${environment.node}, ${environment.cpus} CPUs`,
  );
  if (environment.busyBeforeStart > 0.1) {
    const percent = Math.round(100 * environment.busyBeforeStart);
    console.log(
      `warning: the CPUs were ${percent}% busy before the start: other work on this machine skews the figures.`,
    );
  }
  if (profiling) {
    console.log(
      `BENCH_PROFILE: profiling ${settings.profiledTargets.join(', ')} with --cpu-prof, which lowers their figures.`,
    );
  }

  const measurements = await measureAll(settings, controller.signal);
  if (controller.signal.aborted) {
    console.error('Interrupted; every child process was stopped.');
    return 130;
  }
  const { ratios, uncompared } = gatewayRatios(measurements);
  const skipped = skippedRuns(settings.workloads);
  const table = formatResultsTable({
    measurements,
    ratios,
    uncompared,
    skipped,
    workloads: WORKLOADS,
    gatewayTargets: GATEWAY_TARGETS,
  });
  console.log(`\n${table}`);
  const path = await writeResultsFile(settings.resultsDirectory, {
    finishedAt: new Date().toISOString(),
    environment,
    targets: TARGETS,
    workloads: WORKLOADS.map(({ name, path, targets, baseline }) => ({
      name,
      path,
      targets: targets ?? 'all',
      ...(baseline === undefined ? {} : { baseline }),
    })),
    skipped,
    ratios,
    uncompared,
    measurements,
  });
  console.log(`\nRaw numbers: ${path}`);
  const profiled = measurements.filter((row) => row.profile !== undefined);
  if (profiled.length > 0) {
    console.log('CPU profiles; summarize them (from apps/gateway) with:');
    for (const row of profiled) {
      console.log(`  node bench/summarize-cpu-profile.mjs --requests ${row.profiledRequests} ${row.profile}`);
    }
  }
  const failed = measurements.filter((row) => failedRequests(row) + row.warmUpFailures > 0);
  for (const row of failed) {
    console.error(
      `FAILED ${row.workload} → ${row.target}: ${row.non2xx} non-2xx, ${row.errors} errors, ${row.timeouts} timeouts, ` +
        `${row.mismatches} incomplete bodies, ${row.warmUpFailures} failed warm-up requests`,
    );
  }
  return failed.length > 0 ? 1 : 0;
}

process.on('exit', killLiveChildren);
main().then(
  (exitCode) => {
    process.exitCode = exitCode;
  },
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
