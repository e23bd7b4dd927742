import { PRODUCTION_BENCH_KEY } from './start-gateway-production-target.mjs';

/**
 * What `pnpm bench` measures, in this order for each workload, each in fresh processes. `upstream` is the emulator
 * the target sits in front of (`openai-compatible`, `vertex` or `bedrock`, see `start-upstream.mjs`), `model` what
 * clients ask for. A target with a `baseline` is reported as the ratio of its req/s to the baseline's on the same
 * workload, and meets its goal at `targetRatio` or above.
 */
export const TARGETS = [
  { name: 'forwarder', upstream: 'openai-compatible', model: 'demo' },
  { name: 'gateway', upstream: 'openai-compatible', model: 'demo', baseline: 'forwarder', targetRatio: 0.9 },
  {
    name: 'gateway-production',
    upstream: 'openai-compatible',
    model: 'demo',
    headers: { authorization: `Bearer ${PRODUCTION_BENCH_KEY}` },
    baseline: 'forwarder',
    /** A gateway API key with rpm/tpm limits, an alias with two weighted targets and the call policy, metrics on. */
    targetRatio: 0.85,
    note: 'API key with rpm/tpm limits, two weighted targets, retries/timeouts/ejection, metrics; baseline: the forwarder',
  },
  {
    name: 'gateway-passthrough',
    upstream: 'openai-compatible',
    model: 'demo',
    /**
     * The demo gateway with `passthrough = ["responses"]` on its OpenAI-compatible instance: a Responses API request
     * goes upstream as it is and the reply is piped back, so this row is the gateway's fixed cost per request (routing,
     * call policy, metrics, logs, body parsing) without any translation. Compared with the `gateway` row on the same
     * workload, it says what translating costs.
     */
    workloads: ['responses-non-stream'],
    skipReason: 'it measures the Responses API pass-through only',
    baseline: 'forwarder',
    targetRatio: 0.9,
    note: 'the Responses API passed through as it is, untranslated; baseline: the forwarder',
  },
  {
    name: 'gateway-vertex',
    upstream: 'vertex',
    model: 'claude',
    baseline: 'forwarder',
    /** Translating Chat Completions to Anthropic Messages and back may cost at most 30%. */
    targetRatio: 0.7,
    note: 'Claude on Vertex, translated; baseline: the OpenAI-compatible forwarder',
  },
  {
    name: 'gateway-bedrock',
    upstream: 'bedrock',
    model: 'claude',
    baseline: 'forwarder',
    /** Translating to Converse, signing every request (SigV4) and decoding the event stream: at most 30% too. */
    targetRatio: 0.7,
    note: 'Claude on Bedrock (Converse, SigV4), translated; baseline: the OpenAI-compatible forwarder',
  },
];

/** The targets compared with a baseline: the gateways. */
export const GATEWAY_TARGETS = TARGETS.filter((target) => target.baseline !== undefined);
