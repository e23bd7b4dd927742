import fp from 'fastify-plugin';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
const OVERHEAD_BUCKETS = [0.0002, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1];

/**
 * Prometheus metrics on `GET /metrics` (prom-client, a registry of this app's own): requests by route, model, target
 * and status; latency, time to first byte and gateway-overhead histograms; tokens in and out (cached and reasoning
 * apart); upstream errors by `MMX_*` code; retries, fallbacks and ejections; rate-limit store failures by operation;
 * open streams. Labels only carry configured names (an unknown model is `unknown`), so clients cannot blow up the
 * series count.
 */
export const metricsPlugin = fp(
  async (app) => {
    const registry = new Registry();
    const registers = [registry];
    const requests = new Counter({
      name: 'modelmux_requests_total',
      help: 'Requests by route, model, target and HTTP status.',
      labelNames: ['route', 'model', 'target', 'status'],
      registers,
    });
    const duration = new Histogram({
      name: 'modelmux_request_duration_seconds',
      help: 'Time from request to the end of the reply.',
      labelNames: ['route', 'target'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    const firstByte = new Histogram({
      name: 'modelmux_time_to_first_byte_seconds',
      help: 'Time from request to the start of the reply (for streams: the first event, the time to first token).',
      labelNames: ['route', 'target'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    const overhead = new Histogram({
      name: 'modelmux_gateway_overhead_seconds',
      help: "The gateway's own time: total minus the wait on the upstream.",
      labelNames: ['route'],
      buckets: OVERHEAD_BUCKETS,
      registers,
    });
    const tokens = new Counter({
      name: 'modelmux_tokens_total',
      help: 'Tokens by target and kind (input, output, cached_input, reasoning).',
      labelNames: ['target', 'kind'],
      registers,
    });
    const upstreamErrors = new Counter({
      name: 'modelmux_errors_total',
      help: 'Failed model calls by target and MMX_* code.',
      labelNames: ['target', 'code'],
      registers,
    });
    const rateLimitStoreErrors = new Counter({
      name: 'modelmux_rate_limit_store_errors_total',
      help: 'Failed rate-limit store operations (check: a request, count_tokens: a reply) by operation.',
      labelNames: ['operation'],
      registers,
    });
    const openStreams = new Gauge({
      name: 'modelmux_open_streams',
      help: 'Streams being sent now.',
      registers,
    });

    const retries = new Counter({
      name: 'modelmux_retries_total',
      help: 'Retries of a model call on the same target, by target and the MMX_* code that caused them.',
      labelNames: ['target', 'code'],
      registers,
    });
    const fallbacks = new Counter({
      name: 'modelmux_fallbacks_total',
      help: "Model calls moved on to an alias's next target, by model and the target given up.",
      labelNames: ['model', 'from', 'code'],
      registers,
    });
    const ejections = new Counter({
      name: 'modelmux_ejections_total',
      help: 'Targets skipped for a cool-down after failing several calls in a row.',
      labelNames: ['target'],
      registers,
    });

    app.decorate('modelmuxMetrics', {
      streamOpened: () => openStreams.inc(),
      retried: (target, code) => retries.inc({ target, code }),
      fellBack: (model, from, code) => fallbacks.inc({ model, from, code }),
      ejected: (target) => ejections.inc({ target }),
      rateLimitStoreFailed: (operation) =>
        rateLimitStoreErrors.inc({ operation: operation === 'check' ? 'check' : 'count_tokens' }),
    });
    app.addHook('onResponse', (request, reply, done) => {
      const call = request.modelmuxCall;
      const route = request.routeOptions.url ?? 'unknown';
      if (route === '/metrics') return done();
      const target = call?.target ?? 'none';
      const model = call?.target === undefined ? 'unknown' : (call.model ?? 'unknown');
      requests.inc({ route, model, target, status: String(reply.statusCode) });
      duration.observe({ route, target }, reply.elapsedTime / 1000);
      if (call === undefined) return done();
      if (call.streaming) openStreams.dec();
      if (call.firstByteMs !== undefined) firstByte.observe({ route, target }, call.firstByteMs / 1000);
      if (call.overheadMs !== undefined) overhead.observe({ route }, call.overheadMs / 1000);
      if (call.inputTokens !== undefined) tokens.inc({ target, kind: 'input' }, call.inputTokens);
      if (call.outputTokens !== undefined) tokens.inc({ target, kind: 'output' }, call.outputTokens);
      if (call.cachedInputTokens !== undefined)
        tokens.inc({ target, kind: 'cached_input' }, call.cachedInputTokens);
      if (call.reasoningTokens !== undefined) tokens.inc({ target, kind: 'reasoning' }, call.reasoningTokens);
      if (call.outcome?.startsWith('MMX_')) upstreamErrors.inc({ target, code: call.outcome });
      done();
    });
    app.get('/metrics', async (_request, reply) => {
      reply.type(registry.contentType);
      return registry.metrics();
    });
  },
  { name: '@modelmux/gateway-metrics', fastify: '5.x' },
);
