import { type Dispatcher, request } from 'undici';
import { ModelmuxError } from '../errors/modelmux-error.js';
import type { Authorizer } from './authorizer.js';
import { combineHeaders } from './combine-headers.js';
import { mapTransportError, toAbortError } from './map-transport-error.js';
import type { ResponseHandler, UpstreamResponse } from './upstream-response.js';

export interface PostJsonOptions<T> {
  url: string;
  /** Headers to send; `content-type: application/json` is added. */
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

/**
 * Posts JSON to an upstream. Nothing leaves this function but the handler's value, a `ModelmuxError`, or an
 * AbortError when `signal` fired (the caller went away).
 */
export async function postJson<T>(options: PostJsonOptions<T>): Promise<PostJsonResult<T>> {
  const { url, signal } = options;
  const context = { url, signal, providerId: options.providerId, modelId: options.modelId };
  if (signal?.aborted) throw toAbortError(signal);
  const bodyText = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  let response: UpstreamResponse;
  try {
    let headers = combineHeaders(JSON_HEADERS, options.headers);
    if (options.authorize !== undefined) {
      headers = combineHeaders(
        headers,
        await options.authorize({ method: 'POST', url, headers, body: bodyText }),
      );
    }
    const raw = await request(url, {
      method: 'POST',
      headers,
      body: bodyText,
      dispatcher: options.dispatcher,
      signal,
    });
    response = { url, statusCode: raw.statusCode, headers: raw.headers, body: raw.body };
  } catch (error) {
    throw annotate(mapTransportError(error, context), options);
  }
  try {
    if (response.statusCode >= 400) throw await options.failedResponseHandler(response);
    const value = await options.successfulResponseHandler(response);
    return { value, statusCode: response.statusCode, responseHeaders: response.headers };
  } catch (error) {
    response.body.destroy();
    throw annotate(mapTransportError(error, context), options);
  }
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
