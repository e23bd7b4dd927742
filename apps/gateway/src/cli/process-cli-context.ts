import { nodeClusterRole } from '../workers/node-cluster-role.js';
import type { CliContext } from './cli-context.js';

/**
 * The context of the running process: its environment, streams, working directory and signals. Once a shutdown signal
 * has arrived, later ones are ignored (the drain it started finishes), e.g. a terminal's SIGINT reaching the workers
 * of `serve --workers` alongside the primary's SIGTERM.
 */
export function processCliContext(): CliContext {
  return {
    env: process.env,
    stdout: { write: (text) => process.stdout.write(text) },
    stderr: { write: (text) => process.stderr.write(text) },
    stdin: process.stdin,
    cwd: process.cwd(),
    pid: process.pid,
    cluster: nodeClusterRole(),
    shutdownSignal: () =>
      new Promise((resolve) => {
        for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => resolve(signal));
      }),
  };
}
