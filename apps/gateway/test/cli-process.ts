import { type ChildProcess, spawn } from 'node:child_process';

/** The built CLI, as users run it. */
export const CLI_PATH = new URL('../dist/cli.js', import.meta.url).pathname;

/** Options of a spawned CLI process. */
export interface CliRunOptions {
  /** Added to (or, as undefined, removed from) the test's environment. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Written to stdin, which is then closed; stdin is empty otherwise. */
  input?: string;
}

/** A running `modelmux` process whose output is collected. */
export interface CliProcess {
  child: ChildProcess;
  /** Everything written to stdout / stderr so far. */
  readonly stdout: string;
  readonly stderr: string;
  /** Resolves with stdout + stderr once it matches `pattern`; rejects on exit or after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code (rejects after `timeoutMs`, killing the process). */
  exited(timeoutMs?: number): Promise<number | null>;
  /** Sends `signal` unless the process already exited. */
  kill(signal?: NodeJS.Signals): void;
}

const started = new Set<CliProcess>();

function environment(extra: CliRunOptions['env']): NodeJS.ProcessEnv {
  // No Google metadata server lookups, no colour codes; a test's variables win.
  const env: NodeJS.ProcessEnv = { ...process.env, METADATA_SERVER_DETECTION: 'none', NO_COLOR: '1' };
  for (const [name, value] of Object.entries(extra ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

/** Spawns `node dist/cli.js …args`. Call `stopAllCliProcesses()` in `afterAll`/`afterEach`. */
export function startCli(args: readonly string[], options: CliRunOptions = {}): CliProcess {
  return startProcess(process.execPath, [CLI_PATH, ...args], options);
}

/** Spawns any program the same way (e.g. `script`, to run the CLI on a pseudo-terminal). */
export function startProcess(
  command: string,
  args: readonly string[],
  options: CliRunOptions = {},
): CliProcess {
  const child = spawn(command, args, {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: environment(options.env),
    cwd: options.cwd,
  });
  let stdout = '';
  let stderr = '';
  let closed = false;
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of [...listeners]) listener();
  };
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    notify();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    notify();
  });
  // 'close': the process exited and its output pipes are drained.
  const close = new Promise<void>((resolve) =>
    child.once('close', () => {
      closed = true;
      notify();
      resolve();
    }),
  );
  child.stdin?.end(options.input ?? '');
  const cli: CliProcess = {
    child,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    waitFor(pattern, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const finish = (settle: () => void) => {
          listeners.delete(check);
          clearTimeout(timer);
          settle();
        };
        const check = () => {
          if (pattern.test(stdout + stderr)) finish(() => resolve(stdout + stderr));
          else if (closed)
            finish(() => reject(new Error(`exited before ${pattern}; got: ${stdout}${stderr}`)));
        };
        const timer = setTimeout(
          () =>
            finish(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms; got: ${stdout}${stderr}`))),
          timeoutMs,
        );
        listeners.add(check);
        check();
      });
    },
    async exited(timeoutMs = 15_000) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error(`still running after ${timeoutMs} ms; got: ${stdout}${stderr}`));
        }, timeoutMs);
      });
      try {
        await Promise.race([close, timeout]);
        return child.exitCode;
      } finally {
        clearTimeout(timer);
      }
    },
    kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
  started.add(cli);
  return cli;
}

/** Runs the CLI to its end: exit code and output. */
export async function runCliToEnd(
  args: readonly string[],
  options: CliRunOptions = {},
  timeoutMs = 15_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const cli = startCli(args, options);
  const code = await cli.exited(timeoutMs);
  return { code, stdout: cli.stdout, stderr: cli.stderr };
}

/** SIGTERMs every process started by `startCli` that still runs, SIGKILL after 10 s, and waits for them. */
export async function stopAllCliProcesses(): Promise<void> {
  const running = [...started];
  started.clear();
  await Promise.all(
    running.map(async (cli) => {
      if (cli.child.exitCode !== null || cli.child.signalCode !== null) return;
      cli.kill('SIGTERM');
      await cli.exited(10_000).catch(() => undefined);
    }),
  );
}
