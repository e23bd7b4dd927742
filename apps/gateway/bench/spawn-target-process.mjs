import { fork } from 'node:child_process';

const TARGET_PROCESS = new URL('./target-process.mjs', import.meta.url);
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 15_000;
const ANSWER_TIMEOUT_MS = 5_000;

/** Every child still alive, so that the parent can kill them whatever way it exits. */
const liveChildren = new Set();

/** Kills every child that has not stopped yet; safe to call from a synchronous `exit` handler. */
export function killLiveChildren() {
  for (const child of liveChildren) child.kill('SIGKILL');
  liveChildren.clear();
}

function waitForReady(child, label) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`${label} did not start within ${READY_TIMEOUT_MS} ms`)),
      READY_TIMEOUT_MS,
    );
    const onMessage = (message) => {
      if (message?.type === 'ready') finish(() => resolve(message.urls));
      if (message?.type === 'failed') fail(new Error(`${label} failed to start:\n${message.message}`));
    };
    const onExit = (code, signal) =>
      fail(new Error(`${label} exited during start (code ${code}, signal ${signal})`));
    const finish = (settle) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      settle();
    };
    const fail = (error) => finish(() => reject(error));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    if (child.connected) child.send({ type: 'stop' });
    else child.kill('SIGTERM');
  });
}

/** Asks the child for its `process.cpuUsage()`: user and system CPU time in microseconds since it started. */
function askCpuUsage(child, label) {
  const id = Math.random().toString(36).slice(2);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off('message', onMessage);
      reject(new Error(`${label} did not report its CPU usage within ${ANSWER_TIMEOUT_MS} ms`));
    }, ANSWER_TIMEOUT_MS);
    const onMessage = (message) => {
      if (message?.type !== 'cpu-usage' || message.id !== id) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(message.usage.user + message.usage.system);
    };
    child.on('message', onMessage);
    child.send({ type: 'cpu-usage', id });
  });
}

/**
 * Forks `target-process.mjs` with `spec` (roles, upstream, scenario, emulator) and waits until its servers
 * listen. `execArgv` adds Node flags such as `--cpu-prof`. Resolves to `{ pid, urls, cpuMicroseconds(), stop() }`.
 */
export async function spawnTargetProcess(spec, { label, execArgv = [] }) {
  const child = fork(TARGET_PROCESS, [JSON.stringify(spec)], {
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  liveChildren.add(child);
  child.once('exit', () => liveChildren.delete(child));
  try {
    const urls = await waitForReady(child, label);
    return {
      pid: child.pid,
      urls,
      cpuMicroseconds: () => askCpuUsage(child, label),
      stop: () => stopChild(child),
    };
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}
