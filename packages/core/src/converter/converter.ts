import type { ModelmuxError } from '../errors/modelmux-error.js';
import type { ChatEvent } from '../spec/v1/chat-event.js';
import type { ChatRequest } from '../spec/v1/chat-request.js';
import type { ChatResult } from '../spec/v1/chat-result.js';
import type { EmbedRequest, EmbedResult } from '../spec/v1/embedding.js';
import type { Warning } from '../spec/v1/warning.js';

/**
 * Encodes one streamed reply, event by event, into the client API's wire text (complete SSE frames). Stateful and
 * synchronous: the gateway writes what a burst of events produced in one go.
 */
export interface StreamEncoder {
  /** The wire text for `event`; empty when the event has no wire counterpart of its own. */
  encode(event: ChatEvent): string;
  /** The whole reply once the stream completed, for APIs that store replies (undefined before, or if it failed). */
  finalReply?(): unknown;
}

/** What an encoder knows about the call besides the result. */
export interface EncodeMeta {
  requestId: string;
  /** The model the client asked for, as it spelled it. */
  modelReference: string;
  /** Epoch milliseconds at which the gateway received the request. */
  createdAt: number;
}

export interface DecodedRequest<Request> {
  modelReference: string;
  request: Request;
  stream: boolean;
  /** Options of the client API that only concern encoding (e.g. whether to send a usage chunk). */
  encodeOptions?: Record<string, unknown>;
  warnings: Warning[];
}

export interface EncodedError {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Translates between one client wire API and the canonical format. Pure: no I/O. */
export interface Converter<Request = ChatRequest | EmbedRequest, Result = ChatResult | EmbedResult> {
  /** Throws `InvalidRequestError` (or `UnsupportedFeatureError`) naming the offending field. */
  decodeRequest(
    body: unknown,
    headers: Readonly<Record<string, string | string[] | undefined>>,
  ): DecodedRequest<Request>;
  /** The reply body: a value the gateway serializes as JSON, or a `SerializedJson` sent as it is. */
  encodeResult(result: Result, meta: EncodeMeta, decoded: DecodedRequest<Request>): unknown;
  /** A fresh encoder for one streamed reply (absent when the API has no streaming). */
  createStreamEncoder?(meta: EncodeMeta, decoded: DecodedRequest<Request>): StreamEncoder;
  encodeError(error: ModelmuxError): EncodedError;
}

export type ChatConverter = Converter<ChatRequest, ChatResult>;
export type EmbedConverter = Converter<EmbedRequest, EmbedResult>;
