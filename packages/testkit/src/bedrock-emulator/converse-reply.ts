import type { BedrockUsage } from './bedrock-emulator-scenario.js';
import { eventFrame } from './event-stream-frames.js';
import type { PreparedConverseContent } from './prepare-converse-content.js';

/** What one Converse reply consists of, once the scenario and the request are known. */
export interface ConverseReply {
  readonly content: PreparedConverseContent;
  readonly stopReason: string;
  readonly usage: BedrockUsage;
  /** `metrics.latencyMs`. */
  readonly latencyMs: number;
}

/** The latency the emulator reports on top of a scenario's `firstByteDelayMs`. */
export const EMULATED_LATENCY_MS = 25;

const MESSAGE_START_FRAME = eventFrame('messageStart', { role: 'assistant' });

/** Bedrock's `TokenUsage`: the counts plus `totalTokens`, the sum of input, output and cache tokens. */
export function tokenUsage(usage: BedrockUsage): Record<string, number> {
  const cacheRead = usage.cacheReadInputTokens;
  const cacheWrite = usage.cacheWriteInputTokens;
  return {
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    totalTokens: usage.inputTokens + usage.outputTokens + (cacheRead ?? 0) + (cacheWrite ?? 0),
    ...(cacheRead === undefined ? {} : { cacheReadInputTokens: cacheRead }),
    ...(cacheWrite === undefined ? {} : { cacheWriteInputTokens: cacheWrite }),
  };
}

/** The JSON body of a Converse reply. */
export function converseJson(reply: ConverseReply): string {
  const message = `{"role":"assistant","content":${reply.content.contentJson}}`;
  return `{"output":{"message":${message}},"stopReason":${JSON.stringify(reply.stopReason)},"usage":${JSON.stringify(tokenUsage(reply.usage))},"metrics":{"latencyMs":${reply.latencyMs}}}`;
}

/** Every frame of a ConverseStream reply, `messageStart` to `metadata`. */
export function converseStreamFrames(reply: ConverseReply): Uint8Array[] {
  return [
    MESSAGE_START_FRAME,
    ...reply.content.blockFrames,
    eventFrame('messageStop', { stopReason: reply.stopReason }),
    eventFrame('metadata', { usage: tokenUsage(reply.usage), metrics: { latencyMs: reply.latencyMs } }),
  ];
}
