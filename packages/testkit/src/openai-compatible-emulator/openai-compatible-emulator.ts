import type { IncomingMessage, ServerResponse } from 'node:http';
import { EmulatorExchange } from '../shared/emulator-exchange.js';
import { EmulatorHttpServer } from '../shared/emulator-http-server.js';
import { EmbeddingCache, handleEmbeddings } from './emulator-embeddings.js';
import { EmulatorIds } from './emulator-ids.js';
import { listModelsBody } from './emulator-models.js';
import { DEFAULT_EMULATOR_SCENARIO, type EmulatorScenario } from './emulator-scenario.js';
import { handleChatCompletions } from './handle-chat-completions.js';
import { handleResponses } from './handle-responses.js';
import { openAiError } from './openai-error.js';
import { type RequestBody, readRequestBody } from './read-request-body.js';

/** A request the emulator received. */
export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/v1/chat/completions?x=1`. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body; undefined when there was none or it was not JSON. */
  body: unknown;
  /** True once the client closed the connection before the emulator finished its reply. */
  closedByClient: boolean;
}

/**
 * A running OpenAI-compatible upstream on a local port: `POST /v1/chat/completions`, `POST /v1/responses` (the
 * Responses API, as OpenAI and vLLM serve it), `POST /v1/embeddings` and `GET /v1/models`.
 */
export interface OpenAICompatibleEmulator {
  /** Base URL ending in `/v1`, e.g. `http://127.0.0.1:43121/v1`. */
  readonly url: string;
  /** E.g. `http://127.0.0.1:43121`. */
  readonly origin: string;
  /** Every request received since the start or the last `reset()`, in arrival order. */
  readonly requests: RecordedRequest[];
  /**
   * The next chat completions and Responses requests take these scenarios in order, from one shared queue: whichever
   * of the two comes next takes the next scenario. After that the default applies. Embeddings requests and
   * malformed requests (answered with a 400) take none.
   */
  enqueue(...scenarios: EmulatorScenario[]): void;
  setDefault(scenario: EmulatorScenario): void;
  /**
   * Resolves once `requests[requestIndex]` was closed by the client before the reply finished. Rejects when the
   * reply finished first, or after `timeoutMs` (default 5000).
   */
  waitForClientClose(requestIndex: number, timeoutMs?: number): Promise<void>;
  /** Clears the queue and the recorded requests, and sets the default back to the text scenario. */
  reset(): void;
  /** Closes the server and every open connection, hung ones included. */
  close(): Promise<void>;
}

/** Options of `startOpenAICompatibleEmulator`. */
export interface OpenAICompatibleEmulatorOptions {
  /** Default `127.0.0.1`. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /** When set, every request needs `authorization: Bearer <apiKey>`, else it gets a 401 in OpenAI's error shape. */
  apiKey?: string;
  /** Default: a text completion. */
  defaultScenario?: EmulatorScenario;
  /** Default true. Off, `requests` stays empty and `waitForClientClose` rejects; the benchmark turns it off. */
  recordRequests?: boolean;
}

class OpenAICompatibleEmulatorServer implements OpenAICompatibleEmulator {
  private readonly http: EmulatorHttpServer<RecordedRequest>;
  private readonly ids = new EmulatorIds();
  private readonly embeddingCache = new EmbeddingCache();
  private readonly seenModels = new Set<string>();
  private readonly startedAt = Math.floor(Date.now() / 1000);
  private readonly expectedAuthorization: string | undefined;
  private queue: EmulatorScenario[] = [];
  private defaultScenario: EmulatorScenario;

  constructor(options: OpenAICompatibleEmulatorOptions) {
    this.expectedAuthorization = options.apiKey === undefined ? undefined : `Bearer ${options.apiKey}`;
    this.defaultScenario = options.defaultScenario ?? DEFAULT_EMULATOR_SCENARIO;
    this.http = new EmulatorHttpServer((request, response) => this.handle(request, response), {
      recordRequests: options.recordRequests,
    });
  }

  listen(host: string, port: number): Promise<void> {
    return this.http.listen(host, port);
  }

  get requests(): RecordedRequest[] {
    return this.http.requests;
  }

  get url(): string {
    return `${this.http.origin}/v1`;
  }

  get origin(): string {
    return this.http.origin;
  }

  enqueue(...scenarios: EmulatorScenario[]): void {
    this.queue.push(...scenarios);
  }

  setDefault(scenario: EmulatorScenario): void {
    this.defaultScenario = scenario;
  }

  waitForClientClose(requestIndex: number, timeoutMs?: number): Promise<void> {
    return this.http.waitForClientClose(requestIndex, timeoutMs);
  }

  reset(): void {
    this.queue = [];
    this.defaultScenario = DEFAULT_EMULATOR_SCENARIO;
    this.seenModels.clear();
    this.http.clearRequests();
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private nextScenario = (): EmulatorScenario => this.queue.shift() ?? this.defaultScenario;

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const exchange = new EmulatorExchange(request, response, this.ids.nextRequestId());
    let record: RecordedRequest | undefined;
    this.http.follow(exchange, response, () => record);
    readRequestBody(request).then(
      (body) => {
        record = this.record(request, body);
        this.route(exchange, body);
      },
      () => response.destroy(),
    );
  }

  private record(request: IncomingMessage, body: RequestBody): RecordedRequest {
    const record: RecordedRequest = {
      method: request.method ?? 'GET',
      path: request.url ?? '/',
      headers: request.headers,
      body: body.kind === 'json' ? body.value : undefined,
      closedByClient: false,
    };
    this.http.record(record);
    return record;
  }

  private route(exchange: EmulatorExchange, body: RequestBody): void {
    const { method, url = '/', headers } = exchange.request;
    if (this.expectedAuthorization !== undefined && headers.authorization !== this.expectedAuthorization) {
      const message =
        headers.authorization === undefined
          ? "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
          : 'Incorrect API key provided.';
      const code = headers.authorization === undefined ? null : 'invalid_api_key';
      exchange.sendJson(401, openAiError(message, 'invalid_request_error', null, code));
      return;
    }
    const queryStart = url.indexOf('?');
    const pathname = queryStart === -1 ? url : url.slice(0, queryStart);
    if (method === 'GET' && pathname === '/v1/models') {
      exchange.sendJson(200, listModelsBody(this.seenModels, this.startedAt));
      return;
    }
    const isChat = method === 'POST' && pathname === '/v1/chat/completions';
    const isResponses = method === 'POST' && pathname === '/v1/responses';
    const isEmbeddings = method === 'POST' && pathname === '/v1/embeddings';
    if (!isChat && !isResponses && !isEmbeddings) {
      exchange.sendJson(404, openAiError(`Invalid URL (${method} ${pathname})`, 'invalid_request_error'));
      return;
    }
    if (body.kind !== 'json') {
      const message =
        body.kind === 'empty'
          ? 'The request body is empty; the API expects a JSON payload.'
          : 'We could not parse the JSON body of your request. The API expects a JSON payload, but what was sent was not valid JSON.';
      exchange.sendJson(400, openAiError(message, 'invalid_request_error'));
      return;
    }
    const model = (body.value as { model?: unknown } | null)?.model;
    if (typeof model === 'string') this.seenModels.add(model);
    const context = { ids: this.ids, nextScenario: this.nextScenario };
    if (isChat) handleChatCompletions(exchange, body.value, context);
    else if (isResponses) handleResponses(exchange, body.value, context);
    else handleEmbeddings(exchange, body.value, this.embeddingCache);
  }
}

/** Starts an OpenAI-compatible upstream emulator on a local port (any free one by default). */
export async function startOpenAICompatibleEmulator(
  options: OpenAICompatibleEmulatorOptions = {},
): Promise<OpenAICompatibleEmulator> {
  const emulator = new OpenAICompatibleEmulatorServer(options);
  await emulator.listen(options.host ?? '127.0.0.1', options.port ?? 0);
  return emulator;
}
