import { createPublicKey } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EmulatorHttpServer } from '../shared/emulator-http-server.js';
import { googleError } from './google-error.js';
import { handleAnthropicRequest } from './handle-anthropic-request.js';
import { handleGeminiRequest } from './handle-gemini-request.js';
import { handlePredictEmbeddings } from './handle-predict-embeddings.js';
import { handleTokenRequest, type TokenRequestRecord } from './handle-token-request.js';
import type { ModelRequestContext } from './model-request-context.js';
import { parseJsonBody, readRequestText } from './read-request-text.js';
import type { VertexEmulatorScenario } from './vertex-emulator-scenario.js';
import { VertexExchange } from './vertex-exchange.js';
import { VertexIds } from './vertex-ids.js';
import { isServedRoute, parseVertexModelPath, type VertexModelRoute } from './vertex-model-route.js';

/** A model request the emulator received (token requests are kept apart, in `tokenRequests`). */
export interface VertexRecordedRequest {
  /** The HTTP method. */
  method: string;
  /** Path and query as received, e.g. `/v1/projects/p/locations/l/publishers/google/models/m:predict`. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body; undefined when there was none or it was not JSON. */
  body: unknown;
  /** True once the client closed the connection before the emulator finished its reply. */
  closedByClient: boolean;
  /** The publisher of the path, when the path names a publisher model. */
  publisher?: 'anthropic' | 'google';
  /** The decoded model id of the path, e.g. `claude-sonnet-4-5@20250929`. */
  modelId?: string;
  /** The Vertex method is in `path`; `method` is the HTTP one. */
  method_?: never;
}

/** A running Vertex AI emulator (Claude, Gemini, text embeddings and an OAuth token endpoint) on a local port. */
export interface VertexEmulator {
  /** The origin, e.g. `http://127.0.0.1:43121`; clients append `/v1/projects/…`. */
  readonly url: string;
  /** `${url}/token`: the OAuth 2.0 token endpoint (JWT-bearer grant). */
  readonly tokenUrl: string;
  /** Every request except token requests since the start or the last `reset()`, in arrival order. */
  readonly requests: VertexRecordedRequest[];
  /** Every token request since the start or the last `reset()`, in arrival order. */
  readonly tokenRequests: Array<{ assertion: string; grantType: string }>;
  /**
   * The next Claude and Gemini requests take these scenarios in order; after that each gets a short text reply
   * matching its publisher. Embedding requests answer themselves and only take a queued `error`, `hang` or
   * `truncated-stream`.
   */
  enqueue(...scenarios: VertexEmulatorScenario[]): void;
  /**
   * Resolves once `requests[requestIndex]` was closed by the client before the reply finished. Rejects when the
   * reply finished first, or after `timeoutMs` (default 5000).
   */
  waitForClientClose(requestIndex: number, timeoutMs?: number): Promise<void>;
  /**
   * Makes the token endpoint check assertion signatures: once a key is registered, assertions must be RS256-signed
   * with one of the registered keys. `publicKeyPem` is `createTestServiceAccountKey(…).publicKeyPem`.
   */
  registerServiceAccount(publicKeyPem: string): void;
  /** Clears the queue and the recorded requests; registered service accounts stay. */
  reset(): void;
  /** Closes the server and every open connection, hung ones included. */
  close(): Promise<void>;
}

/** Options of `startVertexEmulator`. */
export interface VertexEmulatorOptions {
  /** Default `127.0.0.1`. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /**
   * Model requests must carry `authorization: Bearer <accessToken>`, else they get a Google-shaped 401. The token
   * endpoint hands out this token. Default `emulator-access-token`.
   */
  accessToken?: string;
  /** `expires_in` of token replies. Default 3599. */
  tokenExpiresInSeconds?: number;
}

/** The access token the emulator expects and hands out unless told otherwise. */
export const DEFAULT_VERTEX_ACCESS_TOKEN = 'emulator-access-token';
const DEFAULT_TOKEN_EXPIRES_IN_SECONDS = 3599;
const TOKEN_PATH = '/token';
const UNAUTHENTICATED_HEADERS = {
  'www-authenticate': 'Bearer realm="https://accounts.google.com/"',
} as const;

class VertexEmulatorServer implements VertexEmulator {
  readonly tokenRequests: TokenRequestRecord[] = [];
  private readonly http = new EmulatorHttpServer<VertexRecordedRequest>((request, response) =>
    this.handle(request, response),
  );
  private readonly ids = new VertexIds();
  private readonly publicKeys: string[] = [];
  private readonly accessToken: string;
  private readonly expiresInSeconds: number;
  private readonly modelContext: ModelRequestContext;
  private queue: VertexEmulatorScenario[] = [];

  constructor(options: VertexEmulatorOptions) {
    this.accessToken = options.accessToken ?? DEFAULT_VERTEX_ACCESS_TOKEN;
    this.expiresInSeconds = options.tokenExpiresInSeconds ?? DEFAULT_TOKEN_EXPIRES_IN_SECONDS;
    this.modelContext = {
      ids: this.ids,
      takeScenario: (accepts) => {
        const next = this.queue[0];
        if (next === undefined || (accepts !== undefined && !accepts(next))) return undefined;
        return this.queue.shift();
      },
    };
  }

  listen(host: string, port: number): Promise<void> {
    return this.http.listen(host, port);
  }

  get requests(): VertexRecordedRequest[] {
    return this.http.requests;
  }

  get url(): string {
    return this.http.origin;
  }

  get tokenUrl(): string {
    return `${this.http.origin}${TOKEN_PATH}`;
  }

  enqueue(...scenarios: VertexEmulatorScenario[]): void {
    this.queue.push(...scenarios);
  }

  waitForClientClose(requestIndex: number, timeoutMs?: number): Promise<void> {
    return this.http.waitForClientClose(requestIndex, timeoutMs);
  }

  registerServiceAccount(publicKeyPem: string): void {
    createPublicKey(publicKeyPem);
    this.publicKeys.push(publicKeyPem);
  }

  reset(): void {
    this.queue = [];
    this.tokenRequests.length = 0;
    this.http.clearRequests();
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const exchange = new VertexExchange(request, response, this.ids.nextRequestId());
    let record: VertexRecordedRequest | undefined;
    this.http.follow(exchange, response, () => record);
    readRequestText(request).then(
      (text) => {
        const url = new URL(request.url ?? '/', 'http://emulator.invalid');
        if (request.method === 'POST' && url.pathname === TOKEN_PATH) {
          handleTokenRequest(exchange, text, {
            accessToken: this.accessToken,
            expiresInSeconds: this.expiresInSeconds,
            tokenUrl: this.tokenUrl,
            publicKeys: this.publicKeys,
            record: (entry) => this.tokenRequests.push(entry),
          });
          return;
        }
        const body = parseJsonBody(text);
        const route = parseVertexModelPath(url.pathname);
        record = this.record(request, body, route);
        this.route(exchange, route, url.searchParams, body);
      },
      () => response.destroy(),
    );
  }

  private record(
    request: IncomingMessage,
    body: unknown,
    route: VertexModelRoute | undefined,
  ): VertexRecordedRequest {
    const record: VertexRecordedRequest = {
      method: request.method ?? 'GET',
      path: request.url ?? '/',
      headers: request.headers,
      body,
      closedByClient: false,
    };
    if (route !== undefined && (route.publisher === 'anthropic' || route.publisher === 'google')) {
      record.publisher = route.publisher;
      record.modelId = route.modelId;
    }
    this.http.record(record);
    return record;
  }

  private route(
    exchange: VertexExchange,
    route: VertexModelRoute | undefined,
    query: URLSearchParams,
    body: unknown,
  ): void {
    const { method, url = '/', headers } = exchange.request;
    if (route === undefined || method !== 'POST') {
      exchange.sendJson(
        404,
        googleError(404, `The requested URL ${method} ${url} was not found on this server.`),
      );
      return;
    }
    if (headers.authorization !== `Bearer ${this.accessToken}`) {
      exchange.sendJson(401, googleError(401), UNAUTHENTICATED_HEADERS);
      return;
    }
    if (!isServedRoute(route)) {
      exchange.sendJson(
        404,
        googleError(
          404,
          `Publisher model projects/${route.project}/locations/${route.location}/publishers/${route.publisher}/models/${route.modelId} does not serve :${route.method}.`,
        ),
      );
      return;
    }
    if (route.publisher === 'anthropic') handleAnthropicRequest(exchange, route, body, this.modelContext);
    else if (route.method === 'predict') handlePredictEmbeddings(exchange, body, this.modelContext);
    else handleGeminiRequest(exchange, route, query, body, this.modelContext);
  }
}

/** Starts a Vertex AI emulator on a local port (any free one by default). */
export async function startVertexEmulator(options: VertexEmulatorOptions = {}): Promise<VertexEmulator> {
  const emulator = new VertexEmulatorServer(options);
  await emulator.listen(options.host ?? '127.0.0.1', options.port ?? 0);
  return emulator;
}
