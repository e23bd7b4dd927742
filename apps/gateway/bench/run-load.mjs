import autocannon from 'autocannon';

const REQUEST_TIMEOUT_SECONDS = 10;
/** How long past its duration a run may take before it is stopped anyway. */
const OVERRUN_GRACE_MS = 15_000;

function summarize(result) {
  return {
    requestsPerSecond: result.requests.average,
    requestsPerSecondStddev: result.requests.stddev,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyAverageMs: result.latency.average,
    completedRequests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    mismatches: result.mismatches,
    durationSeconds: result.duration,
  };
}

/**
 * One autocannon run posting `body` (with `headers`) to `workload.path` on `baseUrl` and checking every reply with
 * `workload.isCompleteBody`, bounded by `seconds`, by `maxRequests` and by a guard timer. `signal` stops it early
 * (SIGINT). Resolves to the numbers the report needs.
 */
export function runLoad({
  baseUrl,
  workload,
  body,
  headers = {},
  seconds,
  connections,
  maxRequests,
  signal,
}) {
  return new Promise((resolve, reject) => {
    // Declared first: autocannon calls back synchronously when it rejects the options.
    let guard;
    let instance;
    let finished = false;
    const onAbort = () => instance?.stop?.();
    const finish = (error, result) => {
      finished = true;
      clearTimeout(guard);
      signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve(summarize(result));
    };
    instance = autocannon(
      {
        url: new URL(workload.path, baseUrl).href,
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body,
        connections,
        pipelining: 1,
        duration: seconds,
        maxOverallRequests: maxRequests,
        timeout: REQUEST_TIMEOUT_SECONDS,
        verifyBody: workload.isCompleteBody,
      },
      finish,
    );
    if (finished) return;
    guard = setTimeout(onAbort, seconds * 1000 + OVERRUN_GRACE_MS);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
}
