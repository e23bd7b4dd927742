import type { z } from 'zod';
import {
  type UpstreamContentFilter,
  UpstreamError,
  type UpstreamErrorCode,
} from '../errors/upstream-error.js';
import { UpstreamResponseError } from '../errors/upstream-response-error.js';
import { parseSseBatches } from './parse-sse-stream.js';
import { parseRetryAfterMs } from './retry-after.js';
import { type ResponseHandler, readUpstreamRequestId, type UpstreamResponse } from './upstream-response.js';

/** Outcome of parsing one upstream payload: either a value or the reason it failed. */
export type ParseResult<T> =
  | { success: true; value: T; rawText: string }
  | { success: false; error: UpstreamResponseError; rawText: string };

/**
 * A hand-written check of an upstream's most common payload shapes, for hot paths: returns the value when `json` is
 * one of them exactly as the schema would accept it, otherwise undefined, and the schema decides (so malformed data
 * still fails the same way). It reads only; the value it returns may be `json` itself.
 */
export type FastPath<T> = (json: unknown) => T | undefined;

/** Parses JSON text and validates it (with `fastPath` first, when given); never throws. */
export function safeParseJson<T>(text: string, schema: z.ZodType<T>, fastPath?: FastPath<T>): ParseResult<T> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return {
      success: false,
      rawText: text,
      error: new UpstreamResponseError({
        message: `Upstream sent invalid JSON: ${(error as Error).message}`,
      }),
    };
  }
  if (fastPath !== undefined) {
    const value = fastPath(json);
    if (value !== undefined) return { success: true, value, rawText: text };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { success: true, value: parsed.data, rawText: text };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  return {
    success: false,
    rawText: text,
    error: new UpstreamResponseError({
      message: `Upstream response has an unexpected shape${where}: ${issue?.message ?? 'invalid'}`,
      cause: parsed.error,
    }),
  };
}

/**
 * Reads the whole body as JSON and validates it (with `fastPath` first, when given: see `FastPath`); anything
 * unusable becomes `MMX_UPSTREAM_INVALID_RESPONSE`.
 */
export function createJsonResponseHandler<T>(
  schema: z.ZodType<T>,
  options: { fastPath?: FastPath<T> } = {},
): ResponseHandler<T> {
  const { fastPath } = options;
  return async (response) => {
    const result = safeParseJson(await response.body.text(), schema, fastPath);
    if (!result.success) throw result.error;
    return result.value;
  };
}

/** One parsed SSE payload, with its event name when the stream names events. */
export type SseParseResult<T> = ParseResult<T> & { event?: string };

/**
 * Reads the body as server-sent events and yields, per network read, the `data` payloads it completed, each parsed
 * with `schema` (after `fastPath`, when given: see `FastPath`). A payload equal to `terminator` ends the stream.
 * Stopping the iteration early releases the upstream connection.
 */
export function createSseResponseHandler<T>(
  schema: z.ZodType<T>,
  options: { terminator?: string; fastPath?: FastPath<T> } = {},
): ResponseHandler<AsyncIterable<Array<SseParseResult<T>>>> {
  const { terminator, fastPath } = options;
  return async (response) => ({
    async *[Symbol.asyncIterator]() {
      const { body } = response;
      let ended = false;
      let failed = false;
      // Stopping early must not destroy the socket: the rest of the reply is drained instead, so the keep-alive
      // connection is reused (destroying also costs an AbortError with a stack on every stream).
      const chunks = body.iterator === undefined ? body : body.iterator({ destroyOnReturn: false });
      try {
        let terminated = false;
        for await (const events of parseSseBatches(chunks)) {
          const batch: Array<SseParseResult<T>> = [];
          for (const event of events) {
            if (terminator !== undefined && event.data === terminator) {
              terminated = true;
              break;
            }
            const result: SseParseResult<T> = safeParseJson(event.data, schema, fastPath);
            if (event.event !== undefined) result.event = event.event;
            batch.push(result);
          }
          if (batch.length > 0) yield batch;
          if (terminated) break;
        }
        ended = !terminated;
      } catch (error) {
        failed = true;
        throw error;
      } finally {
        if (!ended) {
          if (failed || body.dump === undefined) body.destroy();
          else body.dump({ limit: DRAIN_LIMIT_BYTES }).catch(() => body.destroy());
        }
      }
    },
  });
}

/** How much of an unread reply is drained to keep its connection; past this the connection is closed. */
const DRAIN_LIMIT_BYTES = 64 * 1024;

export interface JsonErrorDetails {
  message: string;
  /** The upstream's own error code or type. */
  upstreamCode?: string;
  upstreamParam?: string;
  /** Override of the status-derived code (for upstreams that signal, say, throttling with a 400). */
  code?: UpstreamErrorCode;
  contentFilter?: UpstreamContentFilter;
}

/**
 * Turns an HTTP error response into an `UpstreamError`: the status decides the code unless `describe` says
 * otherwise, `retry-after(-ms)` and the upstream request id are kept, and the body is kept truncated and redacted.
 */
export function createJsonErrorResponseHandler<E>(options: {
  errorSchema: z.ZodType<E>;
  describe: (error: E, response: UpstreamResponse) => JsonErrorDetails;
  now?: () => number;
  /** Removes the instance's own secrets from what the upstream echoed (see `createSecretRedactor`). */
  redact?: (text: string) => string;
}): ResponseHandler<UpstreamError> {
  return async (response) => {
    let text = '';
    try {
      text = await response.body.text();
    } catch {
      // The body could not be read; the status alone still tells what happened.
    }
    if (options.redact !== undefined) text = options.redact(text);
    const parsed = text === '' ? undefined : safeParseJson(text, options.errorSchema);
    const details: JsonErrorDetails =
      parsed?.success === true
        ? options.describe(parsed.value, response)
        : { message: text === '' ? `HTTP ${response.statusCode}` : text.slice(0, 512) };
    return new UpstreamError({
      statusCode: response.statusCode,
      message: details.message,
      code: details.code,
      url: response.url,
      upstreamRequestId: readUpstreamRequestId(response.headers),
      retryAfterMs: parseRetryAfterMs(response.headers, options.now),
      responseBody: text,
      upstreamCode: details.upstreamCode,
      upstreamParam: details.upstreamParam,
      contentFilter: details.contentFilter,
    });
  };
}

/** Hands a successful response over unread, for callers that pass the upstream's body on as it is. */
export const rawResponseHandler: ResponseHandler<UpstreamResponse> = async (response) => response;
