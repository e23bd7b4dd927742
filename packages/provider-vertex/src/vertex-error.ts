import { createJsonErrorResponseHandler, type JsonErrorDetails } from '@modelmux/core/http';
import { z } from 'zod';

const anthropicErrorSchema = z.object({
  type: z.literal('error'),
  error: z.object({ type: z.string().nullish(), message: z.string().nullish() }),
  request_id: z.string().nullish(),
});

const googleErrorSchema = z.object({
  error: z.object({
    code: z.number().nullish(),
    message: z.string().nullish(),
    status: z.string().nullish(),
  }),
});

/** The error bodies Vertex sends: Anthropic's (from the model service) and Google's (from the front end), the latter also wrapped in an array. */
export const vertexErrorSchema = z.union([
  anthropicErrorSchema,
  googleErrorSchema,
  z.array(googleErrorSchema).min(1),
]);

export type VertexErrorBody = z.infer<typeof vertexErrorSchema>;

/** Message and upstream code from either shape. */
export function describeVertexError(body: VertexErrorBody): JsonErrorDetails {
  const google = Array.isArray(body) ? body[0] : 'type' in body ? undefined : body;
  if (google !== undefined) {
    const details: JsonErrorDetails = { message: google.error.message ?? 'Vertex AI error' };
    if (google.error.status) details.upstreamCode = google.error.status;
    return details;
  }
  const anthropic = body as z.infer<typeof anthropicErrorSchema>;
  const details: JsonErrorDetails = { message: anthropic.error.message ?? 'Vertex AI error' };
  if (anthropic.error.type) details.upstreamCode = anthropic.error.type;
  return details;
}

/** Maps an HTTP error response from Vertex to an `UpstreamError`; built once per instance with its redactor. */
export function createVertexFailedResponseHandler(options: { redact?: (text: string) => string } = {}) {
  return createJsonErrorResponseHandler({
    errorSchema: vertexErrorSchema,
    describe: describeVertexError,
    redact: options.redact,
  });
}
