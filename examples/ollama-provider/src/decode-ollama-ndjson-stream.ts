import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { type ParseResult, type ResponseHandler, safeParseJson } from '@modelmux/core/http';
import type { z } from 'zod';

/** How much of an unread reply is drained to keep its connection; past this the connection is closed. */
const DRAIN_LIMIT_BYTES = 64 * 1024;

/**
 * Reads a newline-delimited JSON body (Ollama's `application/x-ndjson` streams) and yields each line parsed with
 * `schema`, one line per batch. Lines are split by node:readline, which decodes UTF-8 across chunk boundaries and
 * accepts `\n` and `\r\n`; blank lines are skipped. A line that is not valid JSON or does not fit `schema` is yielded
 * as a failed `ParseResult`, never thrown. Stopping early releases the upstream connection.
 */
export function createOllamaNdjsonResponseHandler<T>(
  schema: z.ZodType<T>,
): ResponseHandler<AsyncIterable<Array<ParseResult<T>>>> {
  return async (response) => ({
    async *[Symbol.asyncIterator]() {
      const { body } = response;
      // Stopping early must not destroy the socket: the rest of the reply is drained so the connection is reused.
      const input = Readable.from(
        body.iterator === undefined ? body : body.iterator({ destroyOnReturn: false }),
        { objectMode: false },
      );
      const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
      let ended = false;
      let failed = false;
      try {
        for await (const line of lines) {
          if (line.trim() === '') continue;
          yield [safeParseJson(line, schema)];
        }
        ended = true;
      } catch (error) {
        failed = true;
        throw error;
      } finally {
        lines.close();
        if (!ended) {
          input.destroy();
          if (failed || body.dump === undefined) body.destroy();
          else body.dump({ limit: DRAIN_LIMIT_BYTES }).catch(() => body.destroy());
        }
      }
    },
  });
}
