import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import type { CliCommand, CommandArgs } from '../cli/cli-command.js';
import type { CliContext } from '../cli/cli-context.js';
import { CONFIG_OPTION, configFileOption, portOption, stringOption } from '../cli/option-values.js';
import { UsageError } from '../cli/usage-error.js';
import type { GatewayConfig } from '../config/gateway-config-schema.js';
import { loadGatewayConfig } from '../config/load-gateway-config.js';

/** Time the primary adds to `server.shutdown_timeout_ms` before it kills workers that have not stopped. */
const WORKER_STOP_MARGIN_MS = 5000;

/** `--workers`: a positive integer, or `auto` for one per CPU core the process may use; 1 when not given. */
function workersOption(args: CommandArgs): number {
  const text = stringOption(args, 'workers');
  if (text === undefined) return 1;
  if (text === 'auto') return availableParallelism();
  const count = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(count) || count < 1 || count > 1024)
    throw new UsageError(`--workers must be a number from 1 to 1024 or auto, not ${text}`, 'serve');
  return count;
}

/** The primary of `serve --workers N`: warns about per-process state, then forks and supervises the workers. */
async function runPrimary(config: GatewayConfig, workers: number, context: CliContext): Promise<number> {
  if (context.cluster.role !== 'primary') throw new Error('only the primary forks workers');
  const { createPrimaryLog } = await import('../workers/primary-log.js');
  const { perProcessStateWarnings } = await import('../workers/per-process-state-warnings.js');
  const { runClusterPrimary } = await import('../workers/run-cluster-primary.js');
  const log = createPrimaryLog({
    sink: context.stdout,
    level: config.server.log_level,
    pid: context.pid,
    now: Date.now,
  });
  for (const warning of perProcessStateWarnings(config, workers)) log.warn(warning);
  return runClusterPrimary({
    workers,
    fork: context.cluster.fork,
    log,
    shutdownSignal: context.shutdownSignal(),
    stopDeadlineMs: config.server.shutdown_timeout_ms + WORKER_STOP_MARGIN_MS,
    now: Date.now,
  });
}

/** `modelmux serve`: the gateway on the config's host and port, until SIGINT/SIGTERM drains and stops it. */
export const serveCommand: CliCommand = {
  name: ['serve'],
  summary: 'run the gateway with a config file',
  synopsis: 'serve --config <file.toml> [--host <host>] [--port <port>] [--workers <n>]',
  description: [
    'Serves the client APIs (/v1/chat/completions, /v1/responses, /v1/embeddings, /v1/models) with the providers',
    'and aliases of the config, plus /healthz, /readyz and /metrics. Every config value can be overridden by a',
    'MODELMUX_… environment variable (e.g. MODELMUX_SERVER__PORT=9090). SIGINT or SIGTERM stops accepting',
    'connections and lets open requests finish (at most server.shutdown_timeout_ms), then exits 0.',
    '',
    'With --workers N, N processes (node:cluster) share the port: a worker that dies is restarted (after a delay',
    'that grows while it keeps dying), and SIGINT/SIGTERM drains every worker before the primary exits. State kept',
    'in memory is per worker: use the sqlite or redis response store, and count per-key rate limits per worker.',
  ].join('\n'),
  options: {
    config: CONFIG_OPTION,
    host: {
      type: 'string',
      placeholder: '<host>',
      description: 'listen on this address (default: server.host)',
    },
    port: {
      type: 'string',
      short: 'p',
      placeholder: '<port>',
      description: 'listen on this port, 0 for any free one (default: server.port)',
    },
    workers: {
      type: 'string',
      short: 'w',
      placeholder: '<n>',
      description: 'run n worker processes sharing the port; auto: one per CPU core (default 1)',
    },
  },
  maxPositionals: 1,
  examples: [
    'modelmux serve --config modelmux.toml',
    'modelmux serve modelmux.toml --host 0.0.0.0 --port 9090',
    'modelmux serve modelmux.toml --workers auto',
  ],
  async run(args, context) {
    const file = configFileOption(args, 'serve');
    const port = portOption(args, 'serve');
    const workers = workersOption(args);
    const path = resolve(context.cwd, file);
    const config = await loadGatewayConfig(path, context.env);
    if (workers > 1 && context.cluster.role === 'primary') return runPrimary(config, workers, context);
    const role = context.cluster;
    const signal = context.shutdownSignal();
    // A worker whose primary is gone stops as if it were told to.
    const stop = role.role === 'worker' ? Promise.race([signal, role.primaryGone()]) : signal;
    const { startServer } = await import('../server.js');
    const server = await startServer({
      config,
      env: context.env,
      host: stringOption(args, 'host'),
      port,
      // Provider plugin packages named in config are found beside the config file, then in the working directory.
      pluginSearchDirectories: [dirname(path), context.cwd],
    });
    if (role.role === 'worker') role.send({ type: 'modelmux:listening', url: server.url });
    await stop;
    await server.close();
    return 0;
  },
};
