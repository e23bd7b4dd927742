/** A worker process as the primary sees it. */
export interface WorkerHandle {
  readonly pid: number | undefined;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number | null, signal: NodeJS.Signals | null) => void): void;
  /** Sends a signal to the worker's process (SIGTERM: drain and exit). */
  kill(signal: NodeJS.Signals): void;
}

/** This process's place in a `serve --workers` cluster. */
export type ClusterRole =
  | {
      role: 'primary';
      /** Starts a worker: this program again, with the same arguments. */
      fork(): WorkerHandle;
    }
  | {
      role: 'worker';
      /** Tells the primary something (e.g. that this worker listens). */
      send(message: WorkerMessage): void;
      /** Resolves when the primary is gone (its IPC channel closed): the worker should stop too. */
      primaryGone(): Promise<void>;
    };

/** What a worker tells the primary. */
export interface WorkerMessage {
  type: 'modelmux:listening';
  url: string;
}

export function isWorkerMessage(message: unknown): message is WorkerMessage {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { type?: unknown }).type === 'modelmux:listening' &&
    typeof (message as { url?: unknown }).url === 'string'
  );
}
