import { z } from 'zod';

// Minimal schemas of what Converse returns: only the fields we read, `.nullish()` where a field may be absent.

export const bedrockUsageSchema = z.object({
  inputTokens: z.number().nullish(),
  outputTokens: z.number().nullish(),
  totalTokens: z.number().nullish(),
  cacheReadInputTokens: z.number().nullish(),
  cacheWriteInputTokens: z.number().nullish(),
});

const contentBlockSchema = z.object({
  text: z.string().nullish(),
  toolUse: z.object({ toolUseId: z.string(), name: z.string(), input: z.unknown() }).nullish(),
  reasoningContent: z
    .object({
      reasoningText: z.object({ text: z.string(), signature: z.string().nullish() }).nullish(),
      redactedContent: z.string().nullish(),
    })
    .nullish(),
});

export const bedrockConverseResponseSchema = z.object({
  output: z.object({ message: z.object({ content: z.array(contentBlockSchema) }) }),
  stopReason: z.string(),
  usage: bedrockUsageSchema.nullish(),
});

export const bedrockStreamPayloadSchemas = {
  messageStart: z.object({ role: z.string().nullish() }),
  contentBlockStart: z.object({
    contentBlockIndex: z.number(),
    start: z.object({ toolUse: z.object({ toolUseId: z.string(), name: z.string() }).nullish() }).nullish(),
  }),
  contentBlockDelta: z.object({
    contentBlockIndex: z.number(),
    delta: z.object({
      text: z.string().nullish(),
      toolUse: z.object({ input: z.string() }).nullish(),
      reasoningContent: z
        .object({
          text: z.string().nullish(),
          signature: z.string().nullish(),
          redactedContent: z.string().nullish(),
        })
        .nullish(),
    }),
  }),
  contentBlockStop: z.object({ contentBlockIndex: z.number() }),
  messageStop: z.object({ stopReason: z.string() }),
  metadata: z.object({ usage: bedrockUsageSchema.nullish() }),
} as const;

export type BedrockConverseResponse = z.infer<typeof bedrockConverseResponseSchema>;
