import { z } from 'zod';

// Minimal, lenient schemas of what Gemini on Vertex sends back (`GenerateContentResponse`, WIRE-FORMATS §5.3): only
// the fields we read, and `.nullish()` wherever Google leaves a field out (proto3 JSON omits zero values).

/**
 * One `Part`. Loose, so that a part of a kind we do not translate (inline data, executable code, …) keeps its key and
 * can be named in a warning rather than dropped silently.
 */
const partSchema = z.looseObject({
  text: z.string().nullish(),
  thought: z.boolean().nullish(),
  thoughtSignature: z.string().nullish(),
  functionCall: z
    .object({
      id: z.string().nullish(),
      name: z.string(),
      args: z.record(z.string(), z.unknown()).nullish(),
    })
    .nullish(),
});

const usageMetadataSchema = z.object({
  promptTokenCount: z.number().nullish(),
  candidatesTokenCount: z.number().nullish(),
  totalTokenCount: z.number().nullish(),
  cachedContentTokenCount: z.number().nullish(),
  thoughtsTokenCount: z.number().nullish(),
});

export const geminiResponseSchema = z.object({
  candidates: z
    .array(
      z.object({
        content: z.object({ parts: z.array(partSchema).nullish() }).nullish(),
        finishReason: z.string().nullish(),
      }),
    )
    .nullish(),
  usageMetadata: usageMetadataSchema.nullish(),
  promptFeedback: z
    .object({ blockReason: z.string().nullish(), blockReasonMessage: z.string().nullish() })
    .nullish(),
  modelVersion: z.string().nullish(),
  responseId: z.string().nullish(),
});

/** One `alt=sse` event: a whole `GenerateContentResponse`, or `{error:{…}}` when the upstream failed mid-stream. */
export const geminiChunkSchema = geminiResponseSchema.extend({
  error: z
    .object({ code: z.number().nullish(), message: z.string().nullish(), status: z.string().nullish() })
    .nullish(),
});

export type GeminiResponse = z.infer<typeof geminiResponseSchema>;
export type GeminiChunk = z.infer<typeof geminiChunkSchema>;
export type GeminiPart = z.infer<typeof partSchema>;
export type GeminiUsageMetadata = z.infer<typeof usageMetadataSchema>;
