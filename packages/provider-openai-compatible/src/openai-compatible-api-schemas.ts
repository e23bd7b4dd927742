import { z } from 'zod';

// Minimal, lenient schemas of what OpenAI-compatible servers send back: only the fields we read, and `.nullish()`
// wherever some server leaves a field out or sends null.

const usageSchema = z
  .object({
    prompt_tokens: z.number().nullish(),
    completion_tokens: z.number().nullish(),
    total_tokens: z.number().nullish(),
    prompt_tokens_details: z.object({ cached_tokens: z.number().nullish() }).nullish(),
    completion_tokens_details: z.object({ reasoning_tokens: z.number().nullish() }).nullish(),
  })
  .nullish();

/** A content filter's per-category verdicts (Azure OpenAI), kept as the upstream sent them. */
const contentFilterResultsSchema = z.record(z.string(), z.unknown());

/** Azure's `prompt_filter_results` (and the older `prompt_annotations`). */
const promptFilterResultsSchema = z
  .array(
    z.object({
      prompt_index: z.number().nullish(),
      content_filter_results: contentFilterResultsSchema.nullish(),
    }),
  )
  .nullish();

/** Azure's inner error of a content-filter refusal, in both spellings it has used. */
const innerErrorSchema = z
  .object({
    code: z.string().nullish(),
    content_filter_result: contentFilterResultsSchema.nullish(),
    content_filter_results: contentFilterResultsSchema.nullish(),
  })
  .nullish();

const upstreamErrorSchema = z.object({
  message: z.string().nullish(),
  type: z.string().nullish(),
  param: z.string().nullish(),
  code: z.union([z.string(), z.number()]).nullish(),
  innererror: innerErrorSchema,
  inner_error: innerErrorSchema,
});

export const openAICompatibleChatResponseSchema = z.object({
  id: z.string().nullish(),
  model: z.string().nullish(),
  choices: z.array(
    z.object({
      message: z.object({
        role: z.string().nullish(),
        content: z.string().nullish(),
        refusal: z.string().nullish(),
        reasoning_content: z.string().nullish(),
        reasoning: z.string().nullish(),
        tool_calls: z
          .array(
            z.object({
              id: z.string().nullish(),
              type: z.string().nullish(),
              function: z.object({ name: z.string(), arguments: z.string().nullish() }),
            }),
          )
          .nullish(),
      }),
      finish_reason: z.string().nullish(),
      content_filter_results: contentFilterResultsSchema.nullish(),
    }),
  ),
  usage: usageSchema,
  prompt_filter_results: promptFilterResultsSchema,
  prompt_annotations: promptFilterResultsSchema,
});

export const openAICompatibleChatChunkSchema = z.object({
  id: z.string().nullish(),
  model: z.string().nullish(),
  choices: z
    .array(
      z.object({
        index: z.number().nullish(),
        delta: z
          .object({
            role: z.string().nullish(),
            content: z.string().nullish(),
            refusal: z.string().nullish(),
            reasoning_content: z.string().nullish(),
            reasoning: z.string().nullish(),
            tool_calls: z
              .array(
                z.object({
                  index: z.number().nullish(),
                  id: z.string().nullish(),
                  type: z.string().nullish(),
                  function: z
                    .object({ name: z.string().nullish(), arguments: z.string().nullish() })
                    .nullish(),
                }),
              )
              .nullish(),
          })
          .nullish(),
        finish_reason: z.string().nullish(),
        content_filter_results: contentFilterResultsSchema.nullish(),
      }),
    )
    .nullish(),
  usage: usageSchema,
  prompt_filter_results: promptFilterResultsSchema,
  prompt_annotations: promptFilterResultsSchema,
  /** Some servers report a failure inside the stream instead of an HTTP status. */
  error: upstreamErrorSchema.nullish(),
});

/** `POST /embeddings` reply: vectors as JSON numbers, or as base64 float32 when that was asked for. */
export const openAICompatibleEmbeddingResponseSchema = z.object({
  data: z.array(
    z.object({
      index: z.number().nullish(),
      embedding: z.union([z.array(z.number()), z.string()]),
    }),
  ),
  model: z.string().nullish(),
  usage: z.object({ prompt_tokens: z.number().nullish(), total_tokens: z.number().nullish() }).nullish(),
});

/** OpenAI's `{error:{…}}`, vLLM's flat `{object:"error", message, …}`, and Ollama's `{error:"…"}`. */
export const openAICompatibleErrorSchema = z.union([
  z.object({ error: upstreamErrorSchema }),
  z.object({ error: z.string() }),
  upstreamErrorSchema.extend({ message: z.string() }),
]);

export type OpenAICompatibleChatResponse = z.infer<typeof openAICompatibleChatResponseSchema>;
export type OpenAICompatibleChatChunk = z.infer<typeof openAICompatibleChatChunkSchema>;
export type OpenAICompatibleUsage = z.infer<typeof usageSchema>;
export type OpenAICompatibleEmbeddingResponse = z.infer<typeof openAICompatibleEmbeddingResponseSchema>;
export type OpenAICompatibleErrorBody = z.infer<typeof openAICompatibleErrorSchema>;
export type OpenAICompatibleUpstreamError = z.infer<typeof upstreamErrorSchema>;
export type OpenAICompatiblePromptFilterResults = z.infer<typeof promptFilterResultsSchema>;
