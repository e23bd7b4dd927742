import { isWorkerMessage, type WorkerHandle } from './cluster-role.js';
import type { PrimaryLog } from './primary-log.js';
import { DEFAULT_RESTART_BACKOFF, RestartBackoff, type RestartBackoffOptions } from './restart-backoff.js';

export interface ClusterPrimaryOptions {
  /** How many workers to keep running. */
  workers: number;
  /** Starts one worker. */
  fork(): WorkerHandle;
  log: PrimaryLog;
  /** Resolves with the signal that asks the cluster to stop. */
  shutdownSignal: Promise<NodeJS.Signals>;
  /** How long the workers may take to drain once told to stop; then they are killed (SIGKILL). */
  stopDeadlineMs: number;
  backoff?: RestartBackoffOptions;
  now(): number;
}

interface Slot {
  worker?: WorkerHandle;
  startedAt: number;
  listening: boolean;
  backoff: RestartBackoff;
  restartTimer?: NodeJS.Timeout;
}

function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal === null ? `code ${code}` : `signal ${signal}`;
}

/**
 * The primary of `serve --workers`: forks the workers (which share the listening port), restarts one that dies with a
 * back-off (a worker that keeps dying at once is restarted ever more slowly, never in a tight loop), and on the
 * shutdown signal sends SIGTERM to every worker — each drains as a single gateway does — killing whatever still runs
 * after `stopDeadlineMs`. A worker that dies before any worker ever listened is a boot failure: the cluster stops.
 * Resolves with the exit code: 0 when every worker stopped cleanly, 1 otherwise.
 */
export function runClusterPrimary(options: ClusterPrimaryOptions): Promise<number> {
  const { log } = options;
  const backoffOptions = options.backoff ?? DEFAULT_RESTART_BACKOFF;
  const slots: Slot[] = Array.from({ length: options.workers }, () => ({
    startedAt: 0,
    listening: false,
    backoff: new RestartBackoff(backoffOptions),
  }));
  let stopping = false;
  let exitCode = 0;
  let anyListened = false;
  let announced = false;
  let deadline: NodeJS.Timeout | undefined;
  let finish: (code: number) => void = () => undefined;
  const finished = new Promise<number>((resolve) => {
    finish = resolve;
  });

  const finishIfDone = () => {
    if (!stopping || slots.some((slot) => slot.worker !== undefined)) return;
    clearTimeout(deadline);
    log.info('every worker stopped', { exitCode });
    finish(exitCode);
  };

  const stop = () => {
    if (stopping) return;
    stopping = true;
    for (const slot of slots) {
      clearTimeout(slot.restartTimer);
      slot.restartTimer = undefined;
      slot.worker?.kill('SIGTERM');
    }
    deadline = setTimeout(() => {
      for (const slot of slots) {
        if (slot.worker === undefined) continue;
        log.error(`worker ${slot.worker.pid} still runs after ${options.stopDeadlineMs} ms; killing it`);
        exitCode = 1;
        slot.worker.kill('SIGKILL');
      }
    }, options.stopDeadlineMs);
    finishIfDone();
  };

  const start = (slot: Slot) => {
    const worker = options.fork();
    slot.worker = worker;
    slot.startedAt = options.now();
    slot.listening = false;
    worker.onMessage((message) => {
      if (!isWorkerMessage(message)) return;
      slot.listening = true;
      anyListened = true;
      log.info(`worker ${worker.pid} listening at ${message.url}`, { worker: worker.pid, url: message.url });
      if (!announced && slots.every((other) => other.listening)) {
        announced = true;
        log.info(`modelmux serving at ${message.url} with ${options.workers} workers`, {
          url: message.url,
          workers: options.workers,
        });
      }
    });
    worker.onExit((code, signal) => {
      slot.worker = undefined;
      if (stopping) {
        if (code !== 0) exitCode = 1;
        log.info(`worker ${worker.pid} stopped (${describeExit(code, signal)})`, { worker: worker.pid });
        finishIfDone();
        return;
      }
      if (!slot.listening && !anyListened) {
        log.error(`worker ${worker.pid} exited (${describeExit(code, signal)}) before listening; stopping`, {
          worker: worker.pid,
        });
        exitCode = 1;
        stop();
        return;
      }
      const delay = slot.backoff.nextDelay(options.now() - slot.startedAt);
      log.warn(
        `worker ${worker.pid} exited unexpectedly (${describeExit(code, signal)}); restarting it in ${delay} ms`,
        { worker: worker.pid, restartInMs: delay },
      );
      slot.restartTimer = setTimeout(() => {
        slot.restartTimer = undefined;
        start(slot);
      }, delay);
    });
  };

  options.shutdownSignal.then((signal) => {
    if (stopping) return;
    log.info(`${signal}: stopping the workers`);
    stop();
  });
  for (const slot of slots) start(slot);
  return finished;
}
