import type { IncomingMessage, ServerResponse } from 'node:http';
import { EmulatorIds } from '../openai-compatible-emulator/emulator-ids.js';
import { openAiError } from '../openai-compatible-emulator/openai-error.js';
import type { RequestBody } from '../openai-compatible-emulator/read-request-body.js';
import { EmulatorHttpServer } from '../shared/emulator-http-server.js';
import { readRequestText } from '../vertex-emulator/read-request-text.js';
import {
  type AzureAuthResult,
  type AzureAuthScheme,
  authorizeAzureRequest,
} from './authorize-azure-request.js';
import {
  type AzureApiRoute,
  type AzureApiStyle,
  type AzureOperation,
  parseAzureApiRoute,
} from './azure-api-route.js';
import { isKnownApiVersion } from './azure-api-version.js';
import { DEFAULT_AZURE_DEPLOYMENTS, isEmbeddingModel } from './azure-deployments.js';
import {
  type AzureEmulatorScenario,
  appliesToEmbeddings,
  DEFAULT_AZURE_SCENARIO,
} from './azure-emulator-scenario.js';
import {
  deploymentNotFoundError,
  operationNotSupportedError,
  resourceNotFoundError,
  unauthorizedError,
  unsupportedApiVersionError,
} from './azure-error.js';
import { AzureExchange } from './azure-exchange.js';
import { listAzureModelsBody } from './azure-models.js';
import {
  DEFAULT_AUTHORITY_ORIGIN,
  DEFAULT_ENTRA_CLIENT,
  EntraAuthority,
  type EntraClient,
  type EntraTokenRequest,
} from './entra-authority.js';
import { parseEntraAuthorityRoute } from './entra-authority-route.js';
import { handleAzureChatCompletions } from './handle-azure-chat-completions.js';
import { handleAzureEmbeddings } from './handle-azure-embeddings.js';
import { handleAzureResponses } from './handle-azure-responses.js';
import { parseRequestText } from './parse-request-text.js';

/** An API request the emulator received (requests to the fake Entra authority are not recorded here). */
export interface AzureRecordedRequest {
  method: string;
  /** Path and query, e.g. `/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21`. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body; undefined when there was none or it was not JSON. */
  body: unknown;
  /** True once the client closed the connection before the emulator finished its reply. */
  closedByClient: boolean;
  /** The URL style; undefined for paths the emulator does not serve. */
  style?: AzureApiStyle;
  /** The operation of the path; undefined for paths the emulator does not serve. */
  operation?: AzureOperation;
  /** The deployment: from the path (classic deployment paths) or the body's `model` (v1, and `/openai/responses`). */
  deployment?: string;
  /** The `api-version` query parameter, when there was one. */
  apiVersion?: string;
  /** How the request authenticated itself, whether or not the emulator accepted it. */
  authScheme: AzureAuthScheme;
  /** With `authScheme: 'entra-id'`: the client the token was issued to (undefined for `entraTokens`). */
  entraClientId?: string;
}

/** A running Azure OpenAI upstream (both URL styles) with a fake Entra ID authority, on a local port. */
export interface AzureOpenAIEmulator {
  /** E.g. `http://127.0.0.1:43121`. */
  readonly origin: string;
  /** The same as `origin`: what `new AzureOpenAI({ endpoint })` takes. */
  readonly endpoint: string;
  /** `${origin}/openai/v1`: the v1 API's base URL (`new OpenAI({ baseURL: v1BaseUrl + '/' })`). */
  readonly v1BaseUrl: string;
  /** The `https` origin credentials are given as `authorityHost`; see `createEntraAuthorityHttpClient`. */
  readonly authorityOrigin: string;
  /** The API key the emulator accepts. */
  readonly apiKey: string;
  /** Every API request since the start or the last `reset()`, in arrival order. */
  readonly requests: AzureRecordedRequest[];
  /** Every request to the authority's token endpoint since the start or the last `reset()`, in arrival order. */
  readonly tokenRequests: EntraTokenRequest[];
  /**
   * The next chat completions and Responses requests (both URL styles) take these scenarios in order, from one
   * shared queue: whichever comes next takes the next scenario. After that the default applies. Embeddings requests
   * take the next scenario only when it is `error`, `rate-limited` or `hang`, and otherwise leave the queue alone.
   */
  enqueue(...scenarios: AzureEmulatorScenario[]): void;
  setDefault(scenario: AzureEmulatorScenario): void;
  /**
   * Resolves once `requests[requestIndex]` was closed by the client before the reply finished. Rejects when the
   * reply finished first, or after `timeoutMs` (default 5000).
   */
  waitForClientClose(requestIndex: number, timeoutMs?: number): Promise<void>;
  /**
   * Clears the queue, the recorded requests and token requests, and sets the default back to the text scenario.
   * Issued Entra tokens stay valid, so credentials that cached one keep working.
   */
  reset(): void;
  /** Closes the server and every open connection, hung ones included. Safe to call more than once. */
  close(): Promise<void>;
}

/** Options of `startAzureOpenAIEmulator`. */
export interface AzureOpenAIEmulatorOptions {
  /** Default `127.0.0.1`. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /**
   * Deployment name → the model Azure reports in replies. Models whose name contains `embed` serve embeddings,
   * the others chat completions. Default `DEFAULT_AZURE_DEPLOYMENTS`: `gpt-4o` → `gpt-4o-2024-08-06`, `gpt-4o-mini`
   * → `gpt-4o-mini-2024-07-18`, `text-embedding-3-small` → `text-embedding-3-small`.
   */
  deployments?: Record<string, string>;
  /**
   * Accepted as `api-key: <key>` on both URL styles and as `authorization: Bearer <key>` on the v1 API. Default
   * `DEFAULT_AZURE_API_KEY`.
   */
  apiKey?: string;
  /** Bearer tokens accepted on both URL styles as Entra ID tokens, without asking the authority. They never expire. */
  entraTokens?: string[];
  /** The app registrations the fake authority issues tokens to. Default `[DEFAULT_ENTRA_CLIENT]`. */
  entraClients?: EntraClient[];
  /** The `https` origin the authority's metadata names. Default `https://login.emulator.test`. */
  authorityOrigin?: string;
  /** `expires_in` of issued tokens; the API routes reject them afterwards. Default 3599. */
  tokenExpiresInSeconds?: number;
  /** Default: a text completion. */
  defaultScenario?: AzureEmulatorScenario;
  /** Default true. Off, `requests` stays empty and `waitForClientClose` rejects (token requests are still kept). */
  recordRequests?: boolean;
}

/** The API key the emulator accepts unless told otherwise. */
export const DEFAULT_AZURE_API_KEY = 'azure-emulator-api-key';
const DEFAULT_TOKEN_EXPIRES_IN_SECONDS = 3599;

class AzureOpenAIEmulatorServer implements AzureOpenAIEmulator {
  private readonly http: EmulatorHttpServer<AzureRecordedRequest>;
  readonly apiKey: string;
  readonly authorityOrigin: string;
  private readonly ids = new EmulatorIds();
  private readonly startedAt = Math.floor(Date.now() / 1000);
  private readonly deployments: ReadonlyMap<string, string>;
  private readonly authority: EntraAuthority;
  private queue: AzureEmulatorScenario[] = [];
  private defaultScenario: AzureEmulatorScenario;

  constructor(options: AzureOpenAIEmulatorOptions) {
    this.apiKey = options.apiKey ?? DEFAULT_AZURE_API_KEY;
    this.authorityOrigin = (options.authorityOrigin ?? DEFAULT_AUTHORITY_ORIGIN).replace(/\/+$/, '');
    this.deployments = new Map(Object.entries(options.deployments ?? DEFAULT_AZURE_DEPLOYMENTS));
    this.http = new EmulatorHttpServer((request, response) => this.handle(request, response), {
      recordRequests: options.recordRequests,
    });
    this.defaultScenario = options.defaultScenario ?? DEFAULT_AZURE_SCENARIO;
    this.authority = new EntraAuthority({
      authorityOrigin: this.authorityOrigin,
      clients: options.entraClients ?? [DEFAULT_ENTRA_CLIENT],
      staticTokens: options.entraTokens ?? [],
      expiresInSeconds: options.tokenExpiresInSeconds ?? DEFAULT_TOKEN_EXPIRES_IN_SECONDS,
    });
  }

  listen(host: string, port: number): Promise<void> {
    return this.http.listen(host, port);
  }

  get requests(): AzureRecordedRequest[] {
    return this.http.requests;
  }

  get origin(): string {
    return this.http.origin;
  }

  get endpoint(): string {
    return this.http.origin;
  }

  get v1BaseUrl(): string {
    return `${this.http.origin}/openai/v1`;
  }

  get tokenRequests(): EntraTokenRequest[] {
    return this.authority.tokenRequests;
  }

  enqueue(...scenarios: AzureEmulatorScenario[]): void {
    this.queue.push(...scenarios);
  }

  setDefault(scenario: AzureEmulatorScenario): void {
    this.defaultScenario = scenario;
  }

  waitForClientClose(requestIndex: number, timeoutMs?: number): Promise<void> {
    return this.http.waitForClientClose(requestIndex, timeoutMs);
  }

  reset(): void {
    this.queue = [];
    this.authority.tokenRequests.length = 0;
    this.defaultScenario = DEFAULT_AZURE_SCENARIO;
    this.http.clearRequests();
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private nextScenario = (): AzureEmulatorScenario => this.queue.shift() ?? this.defaultScenario;

  /** The next scenario when it applies to embeddings (taken off the queue), else undefined. */
  private embeddingsScenario(): AzureEmulatorScenario | undefined {
    const next = this.queue[0];
    if (next !== undefined) return appliesToEmbeddings(next) ? this.queue.shift() : undefined;
    return appliesToEmbeddings(this.defaultScenario) ? this.defaultScenario : undefined;
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const exchange = new AzureExchange(request, response, this.ids.nextRequestId());
    let record: AzureRecordedRequest | undefined;
    this.http.follow(exchange, response, () => record);
    readRequestText(request).then(
      (text) => {
        const url = new URL(request.url ?? '/', 'http://emulator.invalid');
        const authorityRoute = parseEntraAuthorityRoute(request.method, url.pathname);
        if (authorityRoute !== undefined) {
          this.authority.handle(exchange, authorityRoute, url.searchParams, text);
          return;
        }
        const body = parseRequestText(text);
        const route = parseAzureApiRoute(request.method, url.pathname);
        const style: AzureApiStyle =
          route?.style ?? (url.pathname.startsWith('/openai/v1/') ? 'v1' : 'classic');
        const auth = authorizeAzureRequest(request.headers, style, {
          apiKey: this.apiKey,
          entraTokenOwner: (token) => this.authority.tokenOwner(token),
        });
        record = this.record(request, body, route, url.searchParams, auth);
        this.route(exchange, route, url.searchParams, body, auth);
      },
      () => response.destroy(),
    );
  }

  private record(
    request: IncomingMessage,
    body: RequestBody,
    route: AzureApiRoute | undefined,
    query: URLSearchParams,
    auth: AzureAuthResult,
  ): AzureRecordedRequest {
    const record: AzureRecordedRequest = {
      method: request.method ?? 'GET',
      path: request.url ?? '/',
      headers: request.headers,
      body: body.kind === 'json' ? body.value : undefined,
      closedByClient: false,
      authScheme: auth.scheme,
    };
    if (route !== undefined) {
      record.style = route.style;
      record.operation = route.operation;
      const deployment = routeDeployment(route, body);
      if (deployment !== undefined) record.deployment = deployment;
    }
    const apiVersion = query.get('api-version');
    if (apiVersion !== null) record.apiVersion = apiVersion;
    if (auth.scheme === 'entra-id' && auth.entraClientId !== undefined)
      record.entraClientId = auth.entraClientId;
    this.http.record(record);
    return record;
  }

  private route(
    exchange: AzureExchange,
    route: AzureApiRoute | undefined,
    query: URLSearchParams,
    body: RequestBody,
    auth: AzureAuthResult,
  ): void {
    if (route === undefined) {
      exchange.sendJson(404, resourceNotFoundError());
      return;
    }
    const apiVersion = query.get('api-version');
    if (route.style === 'classic') {
      if (apiVersion === null || apiVersion === '') {
        exchange.sendJson(404, resourceNotFoundError());
        return;
      }
      if (!isKnownApiVersion(apiVersion)) {
        exchange.sendJson(400, unsupportedApiVersionError());
        return;
      }
    }
    if (auth.scheme === 'invalid' || auth.scheme === 'none') {
      exchange.sendJson(401, unauthorizedError(auth.failure));
      return;
    }
    if (route.operation === 'models') {
      exchange.sendJson(200, listAzureModelsBody(this.deployments.values(), this.startedAt));
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
    const deployment = routeDeployment(route, body);
    if (deployment === undefined) {
      exchange.sendJson(400, openAiError('you must provide a model parameter', 'invalid_request_error'));
      return;
    }
    const model = this.deployments.get(deployment);
    if (model === undefined) {
      exchange.sendJson(404, deploymentNotFoundError());
      return;
    }
    const embeddings = route.operation === 'embeddings';
    if (embeddings !== isEmbeddingModel(model)) {
      exchange.sendJson(400, operationNotSupportedError(OPERATION_NAMES[route.operation], model));
      return;
    }
    const target = { model, apiVersion: apiVersion || 'v1' };
    const context = { ids: this.ids, nextScenario: this.nextScenario };
    if (embeddings) handleAzureEmbeddings(exchange, body.value, target, this.embeddingsScenario());
    else if (route.operation === 'responses') handleAzureResponses(exchange, body.value, target, context);
    else handleAzureChatCompletions(exchange, body.value, target, context);
  }
}

/** How Azure names each operation in `OperationNotSupported` messages. */
const OPERATION_NAMES = {
  'chat.completions': 'chatCompletion',
  responses: 'responses',
  embeddings: 'embeddings',
} as const;

function bodyModel(body: RequestBody): string | undefined {
  if (body.kind !== 'json') return undefined;
  const model = (body.value as { model?: unknown } | null)?.model;
  return typeof model === 'string' ? model : undefined;
}

/** The deployment a request names: in the path on classic deployment paths, else in the body's `model`. */
function routeDeployment(route: AzureApiRoute, body: RequestBody): string | undefined {
  return 'deployment' in route ? route.deployment : bodyModel(body);
}

/**
 * Starts an Azure OpenAI emulator on a local port (any free one by default): chat completions and embeddings on
 * deployment paths (`?api-version=` required) and on the v1 API, the Responses API on `/openai/responses`
 * (`?api-version=` required) and `/openai/v1/responses`, the model list, Azure's content filter annotations and
 * errors, and a fake Entra ID authority for `@azure/identity` credentials.
 */
export async function startAzureOpenAIEmulator(
  options: AzureOpenAIEmulatorOptions = {},
): Promise<AzureOpenAIEmulator> {
  const emulator = new AzureOpenAIEmulatorServer(options);
  await emulator.listen(options.host ?? '127.0.0.1', options.port ?? 0);
  return emulator;
}
