import { checkTargetResponse } from './check-target-response.mjs';
import { cpuPerRequest, takeCpuSnapshot } from './cpu-per-request.mjs';
import { runLoad } from './run-load.mjs';
import { startTarget } from './start-target.mjs';
import { requestBody } from './workloads.mjs';

/** Requests that did not end in a complete 2xx reply. */
export function failedRequests(summary) {
  return summary.non2xx + summary.errors + summary.timeouts + summary.mismatches;
}

/**
 * Measures one target (from `targets.mjs`) on one workload in fresh processes: one checked request, a warm-up run
 * that is not reported, then the measured run with the CPU time of the server processes around it. The processes
 * are stopped whatever happens.
 */
export async function measureTarget({ target, workload, settings, signal, profileName }) {
  const started = await startTarget(target, workload, settings, profileName);
  const body = requestBody(workload, target);
  try {
    await checkTargetResponse(started.url, workload, body, target.headers);
    const load = {
      baseUrl: started.url,
      workload,
      body,
      headers: target.headers,
      connections: settings.connections,
      maxRequests: settings.maxRequestsPerRun,
      signal,
    };
    const warmUp = await runLoad({ ...load, seconds: settings.warmUpSeconds });
    const before = await takeCpuSnapshot(started.processes);
    const measured = signal.aborted ? warmUp : await runLoad({ ...load, seconds: settings.durationSeconds });
    const after = await takeCpuSnapshot(started.processes);
    return {
      workload: workload.name,
      target: target.name,
      upstream: target.upstream,
      ...measured,
      warmUpFailures: failedRequests(warmUp),
      cpu: cpuPerRequest(before, after, measured.completedRequests),
      profile: started.profilePath,
      /** Requests the profile covers: the checked one, the warm-up and the measured run. */
      profiledRequests:
        started.profilePath === undefined
          ? undefined
          : 1 + warmUp.completedRequests + measured.completedRequests,
    };
  } finally {
    await started.stop();
  }
}
