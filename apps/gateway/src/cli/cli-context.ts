import type { ClusterRole } from '../workers/cluster-role.js';

/** Where text goes: stdout or stderr. */
export interface TextSink {
  write(text: string): void;
}

/** What a command may touch of the outside world; the entry point passes the process's, tests their own. */
export interface CliContext {
  env: Readonly<Record<string, string | undefined>>;
  stdout: TextSink;
  stderr: TextSink;
  /** Read by interactive commands (`config init` asks its questions there when it is a terminal). */
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  /** The directory relative paths are resolved against. */
  cwd: string;
  /** Resolves with the first SIGINT or SIGTERM received from now on. */
  shutdownSignal(): Promise<NodeJS.Signals>;
  /** This process's id (in the logs of `serve --workers`). */
  pid: number;
  /** A worker of `serve --workers`, or the primary (every other process). */
  cluster: ClusterRole;
}
