import { startOpenAICompatibleEmulator, startVertexEmulator } from '@modelmux/testkit';

/**
 * Scenarios queued at a time, and how often the queue is refilled: enough for 250,000 requests per second, far
 * above what one emulator process answers.
 */
const VERTEX_QUEUE_LENGTH = 5_000;
const VERTEX_REFILL_INTERVAL_MS = 20;

async function startOpenAICompatibleUpstream(scenario) {
  const emulator = await startOpenAICompatibleEmulator({ recordRequests: false });
  emulator.setDefault(scenario);
  return { url: emulator.url, origin: emulator.origin, close: () => emulator.close() };
}

/**
 * The Vertex emulator has no default scenario (an empty queue gets a short built-in reply) and records every
 * request. So a timer clears the record and queues `VERTEX_QUEUE_LENGTH` references to the same scenario object
 * (whose serialized content the emulator caches), and warns if more requests than that came in between two refills.
 */
async function startVertexUpstream(scenario) {
  const emulator = await startVertexEmulator();
  const queue = Array.from({ length: VERTEX_QUEUE_LENGTH }, () => scenario);
  let warned = false;
  const refill = () => {
    if (emulator.requests.length > VERTEX_QUEUE_LENGTH && !warned) {
      warned = true;
      console.error(
        `warning: the Vertex emulator got ${emulator.requests.length} requests between two refills, more ` +
          `than the ${VERTEX_QUEUE_LENGTH} scenarios queued: some got its short default reply.`,
      );
    }
    emulator.reset();
    emulator.enqueue(...queue);
  };
  refill();
  const timer = setInterval(refill, VERTEX_REFILL_INTERVAL_MS);
  return {
    url: emulator.url,
    origin: emulator.url,
    close: () => {
      clearInterval(timer);
      return emulator.close();
    },
  };
}

/**
 * The emulator a target sits in front of (`openai-compatible` or `vertex`), answering every request with
 * `scenario`, on a free port. Resolves to `{ url, origin, close() }`: `url` is what the gateway config takes.
 */
export function startUpstream(upstream, scenario) {
  if (upstream === 'vertex') return startVertexUpstream(scenario);
  return startOpenAICompatibleUpstream(scenario);
}
