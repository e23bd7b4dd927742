import { z } from 'zod';

// Minimal, lenient schemas of what Ollama's `POST /api/chat` sends back: only the fields read here, `.nullish()` where
// a server version may leave a field out.

const toolCallSchema = z.object({
  function: z.object({
    name: z.string(),
    /** Ollama sends the arguments as a JSON object, not as JSON text. */
    arguments: z.record(z.string(), z.unknown()).nullish(),
  }),
});

const messageSchema = z.object({
  role: z.string().nullish(),
  content: z.string().nullish(),
  thinking: z.string().nullish(),
  tool_calls: z.array(toolCallSchema).nullish(),
});

/** The non-streaming reply, and every line of a stream (the last one has `done: true` and the counts). */
export const ollamaChatResponseSchema = z.object({
  model: z.string().nullish(),
  created_at: z.string().nullish(),
  message: messageSchema.nullish(),
  done: z.boolean().nullish(),
  done_reason: z.string().nullish(),
  total_duration: z.number().nullish(),
  load_duration: z.number().nullish(),
  prompt_eval_count: z.number().nullish(),
  prompt_eval_duration: z.number().nullish(),
  eval_count: z.number().nullish(),
  eval_duration: z.number().nullish(),
  /** A failure after the stream began: the line is `{"error": "…"}` and nothing else. */
  error: z.string().nullish(),
});

/** Ollama's error body: `{"error": "model 'x' not found"}`. */
export const ollamaErrorSchema = z.object({ error: z.string() });

export type OllamaChatResponse = z.infer<typeof ollamaChatResponseSchema>;
export type OllamaToolCall = z.infer<typeof toolCallSchema>;
export type OllamaErrorBody = z.infer<typeof ollamaErrorSchema>;
