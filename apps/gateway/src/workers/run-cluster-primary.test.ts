import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WorkerHandle } from './cluster-role.js';
import type { PrimaryLog } from './primary-log.js';
import { runClusterPrimary } from './run-cluster-primary.js';

/** A worker the test drives: it listens, exits, and records the signals it got. */
class FakeWorker implements WorkerHandle {
  readonly signals: NodeJS.Signals[] = [];
  private messageListeners: Array<(message: unknown) => void> = [];
  private exitListeners: Array<(code: number | null, signal: NodeJS.Signals | null) => void> = [];
  constructor(readonly pid: number) {}
  onMessage(listener: (message: unknown) => void) {
    this.messageListeners.push(listener);
  }
  onExit(listener: (code: number | null, signal: NodeJS.Signals | null) => void) {
    this.exitListeners.push(listener);
  }
  kill(signal: NodeJS.Signals) {
    this.signals.push(signal);
  }
  listen(url = 'http://127.0.0.1:8080') {
    for (const listener of this.messageListeners) listener({ type: 'modelmux:listening', url });
  }
  exit(code: number | null, signal: NodeJS.Signals | null = null) {
    for (const listener of this.exitListeners) listener(code, signal);
  }
}

function setup(workers = 2) {
  const forked: FakeWorker[] = [];
  const lines: Array<{ level: string; message: string }> = [];
  const log: PrimaryLog = {
    info: (message) => lines.push({ level: 'info', message }),
    warn: (message) => lines.push({ level: 'warn', message }),
    error: (message) => lines.push({ level: 'error', message }),
  };
  let sendSignal: (signal: NodeJS.Signals) => void = () => undefined;
  const shutdownSignal = new Promise<NodeJS.Signals>((resolve) => {
    sendSignal = resolve;
  });
  let settled: number | undefined;
  const result = runClusterPrimary({
    workers,
    fork: () => {
      const worker = new FakeWorker(1000 + forked.length);
      forked.push(worker);
      return worker;
    },
    log,
    shutdownSignal,
    stopDeadlineMs: 5000,
    backoff: { initialDelayMs: 100, maxDelayMs: 400, healthyAfterMs: 10_000 },
    now: () => Date.now(),
  }).then((code) => {
    settled = code;
    return code;
  });
  return { forked, lines, sendSignal, result, settled: () => settled };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('runClusterPrimary', () => {
  it('forks the workers and announces once all of them listen', () => {
    const { forked, lines } = setup(3);
    expect(forked).toHaveLength(3);
    forked[0]?.listen();
    forked[1]?.listen();
    expect(lines.some((line) => line.message.startsWith('modelmux serving'))).toBe(false);
    forked[2]?.listen();
    expect(lines.at(-1)).toEqual({
      level: 'info',
      message: 'modelmux serving at http://127.0.0.1:8080 with 3 workers',
    });
  });

  it('restarts a worker that dies, waiting longer each time it dies again at once', async () => {
    const { forked, lines } = setup();
    for (const worker of forked) worker.listen();
    forked[0]?.exit(null, 'SIGKILL');
    expect(lines.at(-1)).toEqual({
      level: 'warn',
      message: 'worker 1000 exited unexpectedly (signal SIGKILL); restarting it in 100 ms',
    });
    await vi.advanceTimersByTimeAsync(99);
    expect(forked).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(forked).toHaveLength(3);
    // The replacement dies before it listens: not a boot failure (others listened), just a slower restart.
    forked[2]?.exit(1);
    expect(lines.at(-1)?.message).toBe('worker 1002 exited unexpectedly (code 1); restarting it in 200 ms');
    await vi.advanceTimersByTimeAsync(200);
    expect(forked).toHaveLength(4);
    // A worker that ran healthily before dying is restarted after the initial delay again.
    forked[3]?.listen();
    await vi.advanceTimersByTimeAsync(10_000);
    forked[3]?.exit(1);
    expect(lines.at(-1)?.message).toBe('worker 1003 exited unexpectedly (code 1); restarting it in 100 ms');
  });

  it('forwards the shutdown to every worker and exits 0 once all have drained', async () => {
    const { forked, sendSignal, result, settled } = setup();
    for (const worker of forked) worker.listen();
    sendSignal('SIGTERM');
    await vi.advanceTimersByTimeAsync(0);
    expect(forked.map((worker) => worker.signals)).toEqual([['SIGTERM'], ['SIGTERM']]);
    forked[0]?.exit(0);
    await vi.advanceTimersByTimeAsync(0);
    expect(settled()).toBeUndefined();
    forked[1]?.exit(0);
    expect(await result).toBe(0);
    // No restart after a shutdown.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(forked).toHaveLength(2);
  });

  it('cancels a pending restart on shutdown', async () => {
    const { forked, sendSignal, result } = setup();
    for (const worker of forked) worker.listen();
    forked[0]?.exit(null, 'SIGSEGV');
    sendSignal('SIGINT');
    await vi.advanceTimersByTimeAsync(0);
    forked[1]?.exit(0);
    expect(await result).toBe(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(forked).toHaveLength(2);
  });

  it('kills workers that do not stop by the deadline, and exits 1', async () => {
    const { forked, sendSignal, result, lines } = setup();
    for (const worker of forked) worker.listen();
    sendSignal('SIGTERM');
    await vi.advanceTimersByTimeAsync(0);
    forked[0]?.exit(0);
    await vi.advanceTimersByTimeAsync(5000);
    expect(forked[1]?.signals).toEqual(['SIGTERM', 'SIGKILL']);
    expect(lines.some((line) => line.message === 'worker 1001 still runs after 5000 ms; killing it')).toBe(
      true,
    );
    forked[1]?.exit(null, 'SIGKILL');
    expect(await result).toBe(1);
  });

  it('stops with exit code 1 when a worker dies before any worker listened (a boot failure)', async () => {
    const { forked, result, lines } = setup();
    forked[0]?.exit(1);
    expect(lines.at(-1)).toEqual({
      level: 'error',
      message: 'worker 1000 exited (code 1) before listening; stopping',
    });
    expect(forked[1]?.signals).toEqual(['SIGTERM']);
    forked[1]?.exit(1);
    expect(await result).toBe(1);
    expect(forked).toHaveLength(2);
  });
});
