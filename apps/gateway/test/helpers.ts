import { type OpenAiSchemaName, validateOpenAiSchema } from '@modelmux/testkit';
import OpenAI from 'openai';

/** A response body the gateway sent, as captured by `recordingFetch`. */
export interface CapturedResponse {
  url: string;
  status: number;
  contentType: string;
  headers: Headers;
  text: Promise<string>;
}

/** A fetch for the `openai` client that keeps a copy of every response body for schema checks. */
export function recordingFetch(captured: CapturedResponse[]): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    captured.push({
      url: String(input instanceof Request ? input.url : input),
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      headers: response.headers,
      text: response
        .clone()
        .text()
        .catch(() => ''),
    });
    return response;
  };
}

/** The `data:` payloads of an SSE body, in order. */
export function ssePayloads(text: string): string[] {
  return text
    .split(/\r?\n\r?\n/)
    .filter((block) => block.trim() !== '' && !block.startsWith(':'))
    .map((block) =>
      block
        .split(/\r?\n/)
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(line.startsWith('data: ') ? 6 : 5))
        .join('\n'),
    );
}

/**
 * The OpenAPI spec describes float vectors only; a base64 embeddings reply is checked as the SDK sees it once decoded
 * (little-endian float32). A string that is not whole float32s stays a string, so the check fails.
 */
export function decodeBase64Embeddings(body: unknown): unknown {
  const list = body as { data?: Array<{ embedding?: unknown }> };
  if (!Array.isArray(list?.data)) return body;
  return {
    ...list,
    data: list.data.map((item) => {
      if (typeof item.embedding !== 'string') return item;
      const bytes = Buffer.from(item.embedding, 'base64');
      if (bytes.length % 4 !== 0) return item;
      return {
        ...item,
        embedding: Array.from({ length: bytes.length / 4 }, (_, at) => bytes.readFloatLE(at * 4)),
      };
    }),
  };
}

/**
 * Validates every captured body against the OpenAI OpenAPI schemas: errors against ErrorResponse, JSON against
 * `jsonSchema`, and each stream chunk against CreateChatCompletionStreamResponse (an `{"error":…}` frame against
 * ErrorResponse). Returns the problems found.
 */
export async function findSchemaViolations(
  captured: readonly CapturedResponse[],
  jsonSchema: OpenAiSchemaName = 'CreateChatCompletionResponse',
): Promise<string[]> {
  const problems: string[] = [];
  for (const response of captured) {
    const text = await response.text;
    const check = (schema: OpenAiSchemaName, value: unknown, where: string) => {
      for (const problem of validateOpenAiSchema(schema, value))
        problems.push(`${response.url} ${where}: ${problem}`);
    };
    if (response.status >= 400) {
      check('ErrorResponse', JSON.parse(text), `error ${response.status}`);
    } else if (response.contentType.startsWith('text/event-stream')) {
      for (const [index, payload] of ssePayloads(text).entries()) {
        if (payload === '[DONE]') continue;
        const value = JSON.parse(payload) as Record<string, unknown>;
        check(
          'error' in value ? 'ErrorResponse' : 'CreateChatCompletionStreamResponse',
          value,
          `chunk ${index}`,
        );
      }
    } else {
      const pathname = new URL(response.url).pathname;
      if (pathname.endsWith('/embeddings'))
        check('CreateEmbeddingResponse', decodeBase64Embeddings(JSON.parse(text)), 'body');
      else check(pathname.endsWith('/models') ? 'ListModelsResponse' : jsonSchema, JSON.parse(text), 'body');
    }
  }
  return problems;
}

/**
 * The `openai` client the e2e files drive the gateway with. It keeps a copy of every reply; `takeSchemaViolations`
 * checks them against the OpenAPI schemas and starts over with a fresh client (read `client` again afterwards).
 */
export class SchemaCheckedClient {
  private captured: CapturedResponse[] = [];
  client: OpenAI;

  constructor(private readonly gatewayUrl: string) {
    this.client = this.create();
  }

  private create(): OpenAI {
    return new OpenAI({
      baseURL: `${this.gatewayUrl}/v1`,
      apiKey: 'client-key',
      maxRetries: 0,
      fetch: recordingFetch(this.captured),
    });
  }

  /** The last reply seen. */
  lastResponse(): CapturedResponse | undefined {
    return this.captured.at(-1);
  }

  /** Forgets what was captured (replies the test cut short have no complete body to check). */
  discard(): void {
    this.captured.length = 0;
  }

  async takeSchemaViolations(): Promise<string[]> {
    const violations = await findSchemaViolations(this.captured);
    this.captured = [];
    this.client = this.create();
    return violations;
  }
}

/**
 * `server.shutdown_timeout_ms` for the gateways the tests start: a request a failed test left hanging holds
 * `close()` this long at most, well inside the hooks' 30 s, so the failure that left it shows instead of a hook
 * timeout.
 */
export const TEST_SHUTDOWN_TIMEOUT_MS = 2_000;
