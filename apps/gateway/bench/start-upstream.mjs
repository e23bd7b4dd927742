import { startBedrockEmulator, startOpenAICompatibleEmulator, startVertexEmulator } from '@modelmux/testkit';
import { BEDROCK_CREDENTIALS } from './bedrock-credentials.mjs';

/**
 * Scenarios queued at a time, and how often the queue is refilled: enough for 250,000 requests per second, far
 * above what one emulator process answers.
 */
const QUEUE_LENGTH = 5_000;
const REFILL_INTERVAL_MS = 20;

/**
 * The OpenAI-compatible emulator answers chat completions with `scenario`, and embeddings with vectors derived from
 * each input (no scenario: the embeddings workload has none, and the default stays the emulator's own).
 */
async function startOpenAICompatibleUpstream(scenario) {
  const emulator = await startOpenAICompatibleEmulator({ recordRequests: false });
  if (scenario !== undefined) emulator.setDefault(scenario);
  return { url: emulator.url, origin: emulator.origin, close: () => emulator.close() };
}

/**
 * The Vertex and Bedrock emulators have no default scenario (an empty queue gets a short built-in reply) and record
 * every request. So a timer clears the record (`reset()`, which also empties the queue) and queues `QUEUE_LENGTH`
 * references to the same scenario object (whose serialized content the emulators cache per object), and warns once
 * if more requests than that came in between two refills. The record thus never holds more than one interval's
 * requests.
 */
function keepScenarioQueued(emulator, scenario, name) {
  const queue = Array.from({ length: QUEUE_LENGTH }, () => scenario);
  let warned = false;
  const refill = () => {
    if (emulator.requests.length > QUEUE_LENGTH && !warned) {
      warned = true;
      console.error(
        `warning: the ${name} emulator got ${emulator.requests.length} requests between two refills, more ` +
          `than the ${QUEUE_LENGTH} scenarios queued: some got its short default reply.`,
      );
    }
    emulator.reset();
    emulator.enqueue(...queue);
  };
  refill();
  const timer = setInterval(refill, REFILL_INTERVAL_MS);
  return {
    url: emulator.url,
    origin: emulator.url,
    close: () => {
      clearInterval(timer);
      return emulator.close();
    },
  };
}

async function startVertexUpstream(scenario) {
  return keepScenarioQueued(await startVertexEmulator(), scenario, 'Vertex');
}

/** The Bedrock emulator checks the SigV4 signature of every request, made with `BEDROCK_CREDENTIALS`. */
async function startBedrockUpstream(scenario) {
  const emulator = await startBedrockEmulator({ credentials: BEDROCK_CREDENTIALS });
  return keepScenarioQueued(emulator, scenario, 'Bedrock');
}

/**
 * The emulator a target sits in front of (`openai-compatible`, `vertex` or `bedrock`), answering every request with
 * `scenario` (OpenAI-compatible: every chat request, see above), on a free port. Resolves to
 * `{ url, origin, close() }`: `url` is what the gateway config takes.
 */
export function startUpstream(upstream, scenario) {
  if (upstream === 'vertex') return startVertexUpstream(scenario);
  if (upstream === 'bedrock') return startBedrockUpstream(scenario);
  return startOpenAICompatibleUpstream(scenario);
}
