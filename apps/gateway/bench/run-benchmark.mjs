// `pnpm bench`: the gateway against a bare Fastify + undici forwarder, both in front of the OpenAI-compatible
// emulator (chat and embeddings), and the gateway serving Claude from the Vertex and the Bedrock emulators against
// the same forwarder, driven by autocannon from this process while the servers run in child processes. See
// README.md.
import { mkdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { readBenchSettings } from './bench-settings.mjs';
import { missingBuiltEntries } from './built-entries.mjs';
import { formatResultsTable } from './format-results-table.mjs';
import { machineBusyFraction } from './machine-busy-fraction.mjs';
import { failedRequests, measureTarget } from './measure-target.mjs';
import { killLiveChildren } from './spawn-target-process.mjs';
import { GATEWAY_TARGETS, TARGETS } from './targets.mjs';
import { runsOn, WORKLOADS } from './workloads.mjs';
import { writeResultsFile } from './write-results-file.mjs';

/** One entry per gateway target × workload measured: its req/s and CPU per request relative to its baseline. */
function gatewayRatios(measurements) {
  const ratios = [];
  for (const target of GATEWAY_TARGETS) {
    for (const workload of WORKLOADS) {
      const of = (name) => measurements.find((row) => row.workload === workload.name && row.target === name);
      const baseline = of(target.baseline);
      const gateway = of(target.name);
      if (baseline && gateway) {
        ratios.push({
          workload: workload.name,
          target: target.name,
          baseline: target.baseline,
          targetRatio: target.targetRatio,
          requestsPerSecond: gateway.requestsPerSecond / baseline.requestsPerSecond,
          cpu: baseline.cpu.target.microsecondsPerRequest / gateway.cpu.target.microsecondsPerRequest,
        });
      }
    }
  }
  return ratios;
}

/** The workload × target pairs not run, because the workload names other targets (`workloads.mjs`). */
function skippedRuns() {
  return WORKLOADS.flatMap((workload) =>
    TARGETS.filter((target) => !runsOn(workload, target)).map((target) => ({
      workload: workload.name,
      target: target.name,
      reason: workload.skipReason,
    })),
  );
}

async function measureAll(settings, signal) {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const measurements = [];
  for (const workload of WORKLOADS.filter((candidate) => settings.workloads.includes(candidate.name))) {
    for (const target of TARGETS.filter((candidate) => runsOn(workload, candidate))) {
      if (signal.aborted) return measurements;
      const profileName = settings.profiledTargets.includes(target.name)
        ? `${target.name}-${workload.name}-${stamp}.cpuprofile`
        : undefined;
      console.log(
        `… ${workload.name} → ${target.name} (${settings.warmUpSeconds} s warm-up, ${settings.durationSeconds} s measured)`,
      );
      measurements.push(await measureTarget({ target, workload, settings, signal, profileName }));
    }
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
  const ratios = gatewayRatios(measurements);
  const skipped = skippedRuns();
  const table = formatResultsTable({
    measurements,
    ratios,
    skipped,
    workloads: WORKLOADS,
    gatewayTargets: GATEWAY_TARGETS,
  });
  console.log(`\n${table}`);
  const path = await writeResultsFile(settings.resultsDirectory, {
    finishedAt: new Date().toISOString(),
    environment,
    targets: TARGETS,
    workloads: WORKLOADS.map(({ name, path, targets }) => ({ name, path, targets: targets ?? 'all' })),
    skipped,
    ratios,
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
