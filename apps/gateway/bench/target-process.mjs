// The child process that hosts the servers under test, so that autocannon in the parent does not share their event
// loop. argv[2] is a JSON spec: { roles, upstream?, scenario?, emulator? }. `roles` are `emulator` (the `upstream`
// emulator, answering `scenario`) and target names from targets.mjs; without the emulator role, `emulator` is the
// running one's { url, origin }. Over IPC it reports `{ type: 'ready', urls }`, answers `{ type: 'cpu-usage', id }`
// with its process.cpuUsage(), and stops on `{ type: 'stop' }`, SIGINT, SIGTERM, or when the parent goes away.
import { startBareForwarder } from './start-bare-forwarder.mjs';
import { startGatewayBedrockTarget } from './start-gateway-bedrock-target.mjs';
import { startGatewayProductionTarget } from './start-gateway-production-target.mjs';
import { startGatewayTarget } from './start-gateway-target.mjs';
import { startGatewayVertexTarget } from './start-gateway-vertex-target.mjs';
import { startUpstream } from './start-upstream.mjs';

const SHUTDOWN_TIMEOUT_MS = 10_000;

/** How each target of `targets.mjs` starts, given its emulator's `{ url, origin }`. */
const TARGET_STARTERS = {
  forwarder: (emulator) => startBareForwarder(emulator.origin),
  gateway: (emulator) => startGatewayTarget(emulator.url),
  'gateway-production': (emulator) => startGatewayProductionTarget(emulator.url),
  'gateway-passthrough': (emulator) => startGatewayTarget(emulator.url, { passthrough: ['responses'] }),
  'gateway-vertex': (emulator) => startGatewayVertexTarget(emulator.origin),
  'gateway-bedrock': (emulator) => startGatewayBedrockTarget(emulator.origin),
};

const spec = JSON.parse(process.argv[2] ?? '{}');
const running = [];
let stopping;

async function startRoles() {
  const urls = {};
  let emulator = spec.emulator;
  if (spec.roles.includes('emulator')) {
    const started = await startUpstream(spec.upstream, spec.scenario);
    running.push(started);
    emulator = { url: started.url, origin: started.origin };
    urls.emulator = emulator;
  }
  for (const role of spec.roles.filter((name) => name !== 'emulator')) {
    const start = TARGET_STARTERS[role];
    if (start === undefined) throw new Error(`unknown target ${role}`);
    const target = await start(emulator);
    running.push(target);
    urls[role] = target.url;
  }
  return urls;
}

function stop(exitCode) {
  stopping ??= (async () => {
    setTimeout(() => process.exit(exitCode || 1), SHUTDOWN_TIMEOUT_MS).unref();
    await startup.catch(() => {});
    for (const server of running.reverse()) await server.close().catch(() => {});
    if (process.connected) process.disconnect();
    // A normal exit, so that --cpu-prof writes its profile.
    process.exit(exitCode);
  })();
  return stopping;
}

process.on('message', (message) => {
  if (message?.type === 'stop') stop(0);
  if (message?.type === 'cpu-usage')
    process.send?.({ type: 'cpu-usage', id: message.id, usage: process.cpuUsage() });
});
process.on('disconnect', () => stop(0));
process.on('SIGINT', () => stop(130));
process.on('SIGTERM', () => stop(143));

const startup = startRoles();
startup.then(
  (urls) => process.send?.({ type: 'ready', urls }),
  (error) => {
    process.send?.({ type: 'failed', message: error?.stack ?? String(error) });
    stop(1);
  },
);
