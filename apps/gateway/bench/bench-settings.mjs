import { fileURLToPath } from 'node:url';
import { GATEWAY_TARGETS, TARGETS } from './targets.mjs';
import { WORKLOADS } from './workloads.mjs';

/** `split`: emulator and target in separate processes (the default, see README.md); `shared`: one process. */
const TOPOLOGIES = ['split', 'shared'];

function positiveNumber(env, name, fallback) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

/**
 * `BENCH_PROFILE=1` profiles the gateways (`gateway`, `gateway-vertex`, `gateway-bedrock`); `BENCH_PROFILE=all` the
 * forwarder too, as a baseline to compare with.
 */
function profiledTargetsOf(env) {
  const value = env.BENCH_PROFILE ?? '';
  if (value === '' || value === '0') return [];
  if (value === '1') return GATEWAY_TARGETS.map((target) => target.name);
  if (value === 'all') return TARGETS.map((target) => target.name);
  throw new Error(`BENCH_PROFILE must be 1 or all, got "${value}"`);
}

function topologyOf(env) {
  const topology = env.BENCH_TOPOLOGY ?? 'split';
  if (!TOPOLOGIES.includes(topology)) {
    throw new Error(`BENCH_TOPOLOGY must be one of ${TOPOLOGIES.join(', ')}, got "${topology}"`);
  }
  return topology;
}

/** `BENCH_WORKLOADS=embeddings-16,non-stream` measures only those workloads (all by default). */
function workloadsOf(env) {
  const value = env.BENCH_WORKLOADS ?? '';
  if (value === '') return WORKLOADS.map((workload) => workload.name);
  const names = value.split(',').map((name) => name.trim());
  for (const name of names) {
    if (!WORKLOADS.some((workload) => workload.name === name))
      throw new Error(
        `BENCH_WORKLOADS: unknown workload "${name}" (${WORKLOADS.map((w) => w.name).join(', ')})`,
      );
  }
  return names;
}

/** `BENCH_TARGETS=forwarder,gateway-production` measures only those targets (all by default). */
function targetsOf(env) {
  const value = env.BENCH_TARGETS ?? '';
  if (value === '') return TARGETS.map((target) => target.name);
  const names = value.split(',').map((name) => name.trim());
  for (const name of names) {
    if (!TARGETS.some((target) => target.name === name))
      throw new Error(`BENCH_TARGETS: unknown target "${name}" (${TARGETS.map((t) => t.name).join(', ')})`);
  }
  return names;
}

/** Everything a run can be tuned with, read from the environment once. */
export function readBenchSettings(env = process.env) {
  const durationSeconds = positiveNumber(env, 'BENCH_DURATION', 10);
  return {
    durationSeconds,
    warmUpSeconds: positiveNumber(env, 'BENCH_WARM_UP', 2),
    connections: Math.round(positiveNumber(env, 'BENCH_CONNECTIONS', 32)),
    /** A cap far above what one Node process serves, so that a run is bounded in count as well as in time. */
    maxRequestsPerRun: Math.round(durationSeconds * 200_000),
    profiledTargets: profiledTargetsOf(env),
    topology: topologyOf(env),
    workloads: workloadsOf(env),
    targets: targetsOf(env),
    resultsDirectory: fileURLToPath(new URL('./results/', import.meta.url)),
    profileDirectory: fileURLToPath(new URL('./results/profiles/', import.meta.url)),
  };
}
