import { parseProviderOptions } from '@modelmux/core';
import { z } from 'zod';

/** `providerOptions.bedrock` for chat: strict, so a typo is an error rather than a silent no-op. */
export const bedrockChatProviderOptionsSchema = z.strictObject({
  /** Model-specific fields, sent as `additionalModelRequestFields` (merged over the ones the gateway derives). */
  additional_model_request_fields: z.record(z.string(), z.unknown()).optional(),
  /** Sent as `guardrailConfig`. */
  guardrail_config: z
    .strictObject({
      guardrailIdentifier: z.string().min(1),
      guardrailVersion: z.string().min(1),
      trace: z.enum(['enabled', 'disabled', 'enabled_full']).optional(),
    })
    .optional(),
  /** Sent as `performanceConfig.latency`. */
  latency: z.enum(['standard', 'optimized']).optional(),
  /**
   * How `response_format` JSON is produced: `native` (Converse `outputConfig.textFormat`), or `tool` (a forced
   * tool). Default: native for the models AWS lists as supporting it, the tool otherwise.
   */
  structured_output: z.enum(['native', 'tool']).optional(),
  /** Thinking budget for Claude models; overrides the one derived from `reasoning_effort`. */
  thinking_budget: z.int().min(1024).optional(),
});

export type BedrockChatProviderOptions = z.infer<typeof bedrockChatProviderOptionsSchema>;

/** Parses `providerOptions.bedrock`; unknown keys are an `InvalidRequestError` naming them. */
export function parseBedrockChatProviderOptions(
  providerOptions: Record<string, Record<string, unknown>> | undefined,
): BedrockChatProviderOptions | undefined {
  return parseProviderOptions(bedrockChatProviderOptionsSchema, providerOptions, 'bedrock');
}
