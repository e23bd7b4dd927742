import cluster from 'node:cluster';
import type { ClusterRole, WorkerHandle } from './cluster-role.js';

/** The role of this process, from `node:cluster`: a worker when a primary forked it, the primary otherwise. */
export function nodeClusterRole(): ClusterRole {
  if (cluster.isWorker) {
    return {
      role: 'worker',
      send: (message) => process.send?.(message),
      primaryGone: () =>
        new Promise((resolve) => {
          if (!process.connected) resolve();
          else process.once('disconnect', () => resolve());
        }),
    };
  }
  return {
    role: 'primary',
    fork(): WorkerHandle {
      const worker = cluster.fork();
      return {
        get pid() {
          return worker.process.pid;
        },
        onMessage: (listener) => worker.on('message', listener),
        onExit: (listener) => worker.on('exit', listener),
        kill: (signal) => {
          worker.process.kill(signal);
        },
      };
    },
  };
}
