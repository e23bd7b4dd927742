import type { Dispatcher } from 'undici';
import { ModelmuxError } from '../errors/modelmux-error.js';
import type { Authorizer } from './authorizer.js';
import { combineHeaders } from './combine-headers.js';
import { mapTransportError, toAbortError } from './map-transport-error.js';
import type { ResponseHandler, UpstreamResponse } from './upstream-response.js';

export interface PostJsonOptions<T> {
  url: string;
  /** Headers to send, lower-case; `content-type: application/json` is added unless present. */
  headers?: Readonly<Record<string, string | undefined>>;
  /** The request body. An object is serialised once; the same string is authorised and sent. */
  body: unknown;
  dispatcher: Dispatcher;
  signal?: AbortSignal;
  authorize?: Authorizer;
  successfulResponseHandler: ResponseHandler<T>;
  failedResponseHandler: ResponseHandler<ModelmuxError>;
  providerId?: string;
  modelId?: string;
}

export interface PostJsonResult<T> {
  value: T;
  statusCode: number;
  responseHeaders: Readonly<Record<string, string | string[] | undefined>>;
}

const JSON_HEADERS = { 'content-type': 'application/json' } as const;

// Upstream URLs come from config, so there are few of them: split each into origin and path once.
const URL_PARTS_LIMIT = 1024;
const urlParts = new Map<string, { origin: string; path: string }>();

function splitUrl(url: string): { origin: string; path: string } {
  let parts = urlParts.get(url);
  if (parts === undefined) {
    const parsed = new URL(url);
    parts = { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
    if (urlParts.size >= URL_PARTS_LIMIT) urlParts.clear();
    urlParts.set(url, parts);
  }
  return parts;
}

/**
 * Posts JSON to an upstream. Nothing leaves this function but the handler's value, a `ModelmuxError`, or an
 * AbortError when `signal` fired (the caller went away).
 */
export async function postJson<T>(options: PostJsonOptions<T>): Promise<PostJsonResult<T>> {
  const { url, signal } = options;
  if (signal?.aborted) throw toAbortError(signal);
  const bodyText = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  let response: UpstreamResponse;
  try {
    let headers: Record<string, string> =
      options.headers?.['content-type'] === undefined
        ? combineHeaders(JSON_HEADERS, options.headers)
        : (options.headers as Record<string, string>);
    if (options.authorize !== undefined) {
      headers = combineHeaders(
        headers,
        await options.authorize({ method: 'POST', url, headers, body: bodyText }),
      );
    }
    const { origin, path } = splitUrl(url);
    const raw = await options.dispatcher.request({
      origin,
      path,
      method: 'POST',
      headers,
      body: bodyText,
      signal,
    });
    response = { url, statusCode: raw.statusCode, headers: raw.headers, body: raw.body };
  } catch (error) {
    throw annotate(mapTransportError(error, transportContext(options)), options);
  }
  try {
    if (response.statusCode >= 400) throw await options.failedResponseHandler(response);
    const value = await options.successfulResponseHandler(response);
    return { value, statusCode: response.statusCode, responseHeaders: response.headers };
  } catch (error) {
    response.body.destroy();
    throw annotate(mapTransportError(error, transportContext(options)), options);
  }
}

/** What a transport error is reported with; built only when one happened. */
function transportContext(options: PostJsonOptions<unknown>) {
  const { url, signal, providerId, modelId } = options;
  return { url, signal, providerId, modelId };
}

function annotate(error: unknown, options: { providerId?: string; modelId?: string }): unknown {
  if (ModelmuxError.isInstance(error)) {
    const target = error as { providerId?: string; modelId?: string };
    if (target.providerId === undefined && options.providerId !== undefined)
      target.providerId = options.providerId;
    if (target.modelId === undefined && options.modelId !== undefined) target.modelId = options.modelId;
  }
  return error;
}
