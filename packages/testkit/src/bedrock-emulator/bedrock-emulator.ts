import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EmulatorIds } from '../openai-compatible-emulator/emulator-ids.js';
import { EmulatorExchange } from '../shared/emulator-exchange.js';
import { EmulatorHttpServer } from '../shared/emulator-http-server.js';
import { parseJsonBody, readRequestText } from '../vertex-emulator/read-request-text.js';
import { type Authorization, authorizeRequest, BEDROCK_SIGNING_NAME } from './authorize-request.js';
import type { BedrockEmulatorScenario } from './bedrock-emulator-scenario.js';
import { CORAL_SERVICE_ERROR_NAMESPACE, sendBedrockError } from './bedrock-error.js';
import { BedrockExchange } from './bedrock-exchange.js';
import { isServedOperation, parseBedrockModelPath } from './bedrock-model-route.js';
import { handleConverseRequest } from './handle-converse-request.js';
import { handleInvokeRequest } from './handle-invoke-request.js';
import {
  type BedrockOpenAICompatibleApi,
  handleOpenAICompatibleRequest,
  OPENAI_COMPATIBLE_SIGNING_NAMES,
  openAICompatibleApiOf,
} from './handle-openai-compatible-request.js';
import type { ModelRequestContext } from './model-request-context.js';

/** A request the emulator received. */
export interface BedrockRecordedRequest {
  /** The HTTP method. */
  method: string;
  /**
   * Path and query as received, still encoded, e.g. `/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse` or
   * `/openai/v1/chat/completions`.
   */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body; undefined when there was none or it was not JSON. */
  body: unknown;
  /** The body as received (UTF-8). */
  rawBody: string;
  /** True once the client closed the connection before the emulator finished its reply. */
  closedByClient: boolean;
  /**
   * Whether the SigV4 signature verified; set only when the emulator has `credentials` and the request was
   * SigV4-signed. Set once authentication finished (right after the body arrived).
   */
  signatureValid?: boolean;
  /**
   * The signing name the SigV4 signature was checked against, set with `signatureValid`: `bedrock`, or
   * `bedrock-mantle` on Mantle's `/v1/chat/completions`.
   */
  signingService?: string;
  /**
   * The decoded model id of the path, e.g. `anthropic.claude-3-5-sonnet-20240620-v1:0`; on the OpenAI-compatible
   * paths, the body's `model`.
   */
  modelId?: string;
  /** The last path segment: `converse`, `converse-stream`, `invoke`, or one the emulator does not serve. */
  operation?: string;
  /**
   * Set on the OpenAI-compatible paths: `openai` for `POST /openai/v1/chat/completions`, `mantle` for
   * `POST /v1/chat/completions`.
   */
  api?: BedrockOpenAICompatibleApi;
}

/**
 * A running Bedrock Runtime emulator (Converse, ConverseStream, InvokeModel for embeddings) on a local port. It also
 * serves Bedrock's OpenAI-compatible chat completions: Bedrock Runtime's `POST /openai/v1/chat/completions` and
 * Mantle's `POST /v1/chat/completions` (signed for `bedrock-mantle`), in OpenAI Chat Completions shape.
 */
export interface BedrockEmulator {
  /**
   * The origin, e.g. `http://127.0.0.1:43121`: the `endpoint` of a `BedrockRuntimeClient`. OpenAI clients use
   * `${url}/openai/v1` (Bedrock Runtime) or `${url}/v1` (Mantle) as their base URL.
   */
  readonly url: string;
  /** Every request since the start or the last `reset()`, in arrival order. */
  readonly requests: BedrockRecordedRequest[];
  /**
   * The next Converse / ConverseStream requests take these scenarios in order; after that each gets a short text
   * reply. InvokeModel (embeddings) answers itself and only takes a queued `error`, `hang` or `truncated-stream`.
   * The OpenAI-compatible paths take only `openai` scenarios, which Converse and InvokeModel leave queued; a route
   * whose kind is not next answers with its default. Requests rejected before (authentication, body checks) take
   * none.
   */
  enqueue(...scenarios: BedrockEmulatorScenario[]): void;
  /**
   * Resolves once `requests[requestIndex]` was closed by the client before the reply finished. Rejects when the
   * reply finished first, or after `timeoutMs` (default 5000).
   */
  waitForClientClose(requestIndex: number, timeoutMs?: number): Promise<void>;
  /** Clears the queue and the recorded requests. */
  reset(): void;
  /** Closes the server and every open connection, hung ones included. */
  close(): Promise<void>;
}

/** Options of `startBedrockEmulator`. */
export interface BedrockEmulatorOptions {
  /** Default `127.0.0.1`. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /** The region signatures must be scoped to. Default `us-east-1`. */
  region?: string;
  /**
   * When set, every request must carry a SigV4 signature (service `bedrock`, `bedrock-mantle` on Mantle's
   * `/v1/chat/completions`; the emulator's region) made with these credentials (or the `apiKey`); otherwise it gets
   * a 403 (`InvalidSignatureException`, …, in Bedrock's error shape on every path).
   */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** When set, `authorization: Bearer <apiKey>` is accepted too (and required, if `credentials` is not set). */
  apiKey?: string;
}

const DEFAULT_REGION = 'us-east-1';

class BedrockEmulatorServer implements BedrockEmulator {
  private readonly http = new EmulatorHttpServer<BedrockRecordedRequest>((request, response) =>
    this.handle(request, response),
  );
  private readonly ids = new EmulatorIds();
  private readonly modelContext: ModelRequestContext;
  private queue: BedrockEmulatorScenario[] = [];

  constructor(private readonly options: BedrockEmulatorOptions) {
    this.modelContext = {
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

  get requests(): BedrockRecordedRequest[] {
    return this.http.requests;
  }

  get url(): string {
    return this.http.origin;
  }

  enqueue(...scenarios: BedrockEmulatorScenario[]): void {
    this.queue.push(...scenarios);
  }

  waitForClientClose(requestIndex: number, timeoutMs?: number): Promise<void> {
    return this.http.waitForClientClose(requestIndex, timeoutMs);
  }

  reset(): void {
    this.queue = [];
    this.http.clearRequests();
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const api = openAICompatibleApiOf(
      request.method,
      new URL(request.url ?? '/', 'http://emulator.invalid').pathname,
    );
    // The OpenAI-compatible paths answer through the OpenAI-compatible emulator's writers.
    const exchange =
      api === undefined
        ? new BedrockExchange(request, response, randomUUID())
        : new EmulatorExchange(request, response, randomUUID());
    let record: BedrockRecordedRequest | undefined;
    this.http.follow(exchange, response, () => record);
    readRequestText(request)
      .then(async (text) => {
        record = this.record(request, text, api);
        const service = api === undefined ? BEDROCK_SIGNING_NAME : OPENAI_COMPATIBLE_SIGNING_NAMES[api];
        const authorization = await authorizeRequest(
          { method: record.method, url: record.path, headers: request.headers, body: Buffer.from(text) },
          { ...this.options, region: this.options.region ?? DEFAULT_REGION },
          service,
        );
        if (authorization.signatureValid !== undefined) {
          record.signatureValid = authorization.signatureValid;
          record.signingService = service;
        }
        if (!response.destroyed) this.route(exchange, record, authorization);
      })
      .catch(() => response.destroy());
  }

  private record(
    request: IncomingMessage,
    rawBody: string,
    api: BedrockOpenAICompatibleApi | undefined,
  ): BedrockRecordedRequest {
    const path = request.url ?? '/';
    const record: BedrockRecordedRequest = {
      method: request.method ?? 'GET',
      path,
      headers: request.headers,
      body: parseJsonBody(rawBody),
      rawBody,
      closedByClient: false,
    };
    if (api !== undefined) {
      record.api = api;
      const model = (record.body as { model?: unknown } | undefined)?.model;
      if (typeof model === 'string') record.modelId = model;
    }
    const route = parseBedrockModelPath(new URL(path, 'http://emulator.invalid').pathname);
    if (route !== undefined) {
      record.modelId = route.modelId;
      record.operation = route.operation;
    }
    this.http.record(record);
    return record;
  }

  private route(
    exchange: BedrockExchange | EmulatorExchange,
    record: BedrockRecordedRequest,
    authorization: Authorization,
  ): void {
    if (!authorization.allowed) {
      sendBedrockError(exchange, 403, authorization.errorType, authorization.message, {
        namespace: CORAL_SERVICE_ERROR_NAMESPACE,
      });
      return;
    }
    if (!(exchange instanceof BedrockExchange)) {
      handleOpenAICompatibleRequest(exchange, record.body, this.modelContext, this.ids);
      return;
    }
    const route =
      record.modelId === undefined || record.operation === undefined
        ? undefined
        : { modelId: record.modelId, operation: record.operation };
    if (route === undefined || record.method !== 'POST' || !isServedOperation(route)) {
      sendBedrockError(
        exchange,
        404,
        'UnknownOperationException',
        `The Bedrock emulator does not serve ${record.method} ${record.path}.`,
      );
      return;
    }
    if (route.operation === 'invoke')
      handleInvokeRequest(exchange, route.modelId, record.body, this.modelContext);
    else handleConverseRequest(exchange, route.operation, record.body, this.modelContext);
  }
}

/** Starts a Bedrock Runtime emulator on a local port (any free one by default). */
export async function startBedrockEmulator(options: BedrockEmulatorOptions = {}): Promise<BedrockEmulator> {
  const emulator = new BedrockEmulatorServer(options);
  await emulator.listen(options.host ?? '127.0.0.1', options.port ?? 0);
  return emulator;
}
