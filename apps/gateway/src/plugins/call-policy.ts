import { setTimeout as sleep } from 'node:timers/promises';
import fp from 'fastify-plugin';
import type { GatewayConfig } from '../config/gateway-config-schema.js';
import { createCallPlans } from '../policy/call-plans.js';
import type { PolicyRuntime } from '../policy/run-call-policy.js';

export interface CallPolicyPluginOptions {
  config: Pick<GatewayConfig, 'routing' | 'models'>;
  /** The clock and randomness (tests pin them); default `Date.now` and `Math.random`. */
  clock?: Partial<Pick<PolicyRuntime, 'now' | 'random' | 'sleep'>>;
}

/** Builds the call policy once at boot: plans per model reference (with per-target health and retry budgets). */
export const callPolicyPlugin = fp<CallPolicyPluginOptions>(
  async (app, options) => {
    app.decorate('modelmuxPolicy', {
      plans: createCallPlans(app.modelmux, options.config.routing, options.config.models),
      runtime: {
        now: options.clock?.now ?? Date.now,
        random: options.clock?.random ?? Math.random,
        sleep: options.clock?.sleep ?? ((ms, signal) => sleep(ms, undefined, { signal })),
        events: app.modelmuxMetrics,
      },
    });
  },
  {
    name: '@modelmux/gateway-call-policy',
    fastify: '5.x',
    dependencies: ['@modelmux/gateway-registry', '@modelmux/gateway-metrics'],
  },
);
