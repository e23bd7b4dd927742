import { performance } from 'node:perf_hooks';

/** CPU time used so far by each server process (`{ target, emulator? }`, in microseconds) and the wall clock. */
export async function takeCpuSnapshot(processes) {
  const entries = await Promise.all(
    Object.entries(processes).map(async ([role, handle]) => [role, await handle.cpuMicroseconds()]),
  );
  return { atMs: performance.now(), cpuMicroseconds: Object.fromEntries(entries) };
}

/**
 * What each server process spent between two snapshots: CPU microseconds per completed request, and its share of
 * one core. Throughput depends on how much CPU the machine leaves the process; CPU per request hardly does, so it
 * is the steadier figure on a busy or small machine.
 */
export function cpuPerRequest(before, after, completedRequests) {
  const wallMicroseconds = (after.atMs - before.atMs) * 1000;
  const result = {};
  for (const [role, end] of Object.entries(after.cpuMicroseconds)) {
    const spent = end - before.cpuMicroseconds[role];
    result[role] = {
      microsecondsPerRequest: completedRequests > 0 ? spent / completedRequests : Number.NaN,
      coreUtilization: spent / wallMicroseconds,
    };
  }
  return result;
}
