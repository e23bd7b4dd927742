import { UpstreamResponseError } from '@modelmux/core';
import { safeParseJson } from '@modelmux/core/http';
import { EventStreamCodec, type MessageHeaders } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { z } from 'zod';

/** One decoded event-stream message of a Bedrock stream: an event, or an exception the service sent mid-stream. */
export type BedrockStreamFrame =
  | { kind: 'event'; eventType: string; payload: unknown }
  | { kind: 'exception'; exceptionType: string; message: string; payload: unknown };

/** The 12-byte prelude (total length, headers length, prelude CRC) plus the 4-byte message CRC. */
const MINIMUM_MESSAGE_BYTES = 16;
/** The largest message aws-c-event-stream accepts (WIRE-FORMATS §7.5); a larger length means a corrupt prelude. */
const MAXIMUM_MESSAGE_BYTES = 24 * 1024 * 1024;

/** The longest header text kept for reuse; header names and values are short (`:event-type`, `contentBlockDelta`). */
const SHORT_TEXT_BYTES = 64;
/** Slots of the header-text cache (a power of two); Bedrock repeats about a dozen texts. */
const TEXT_SLOTS = 256;

/** A decoded header text, with a copy of the bytes it was decoded from and their hash. */
interface KnownText {
  hash: number;
  bytes: Uint8Array;
  text: string;
}

/** Direct-mapped by hash: a text whose slot is taken by another replaces it. */
const knownTexts: Array<KnownText | undefined> = new Array(TEXT_SLOTS).fill(undefined);

/**
 * Decodes header names and string values for the codec. Every message repeats the same few (`:message-type`,
 * `event`, `:event-type`, `contentBlockDelta`, …), so each short one is decoded by smithy's `toUtf8` once and
 * reused whenever the same bytes come again, without the Buffer `toUtf8` makes for every text. Longer texts are
 * decoded by `toUtf8` each time: every text decodes exactly as `toUtf8` decodes it.
 */
export function decodeHeaderText(bytes: Uint8Array): string {
  const length = bytes.byteLength;
  if (length === 0 || length > SHORT_TEXT_BYTES) return toUtf8(bytes);
  let hash = length;
  for (let index = 0; index < length; index++) hash = (Math.imul(hash, 31) + (bytes[index] as number)) | 0;
  const slot = hash & (TEXT_SLOTS - 1);
  const known = knownTexts[slot];
  if (known !== undefined && known.hash === hash && known.bytes.byteLength === length) {
    let same = true;
    for (let index = 0; index < length; index++) {
      if (known.bytes[index] !== bytes[index]) {
        same = false;
        break;
      }
    }
    if (same) return known.text;
  }
  const text = toUtf8(bytes);
  // A copy: `bytes` is a view into a network read whose memory may be reused.
  knownTexts[slot] = { hash, bytes: bytes.slice(), text };
  return text;
}

const codec = new EventStreamCodec(decodeHeaderText, fromUtf8);
const textDecoder = new TextDecoder('utf-8', { fatal: true });
const anyJson = z.unknown();
/** Any JSON value is a payload: parsed JSON is taken as it is, without running `anyJson` over it. */
const anyJsonFastPath = (json: unknown): unknown => json;

function invalid(message: string, cause?: unknown): UpstreamResponseError {
  return new UpstreamResponseError({ message: `Bedrock event stream: ${message}`, cause });
}

function stringHeader(headers: MessageHeaders, name: string): string | undefined {
  const header = headers[name];
  return header?.type === 'string' ? header.value : undefined;
}

/** The JSON payload of a message, without the random `p` padding field Bedrock adds to hide lengths. */
function parsePayload(body: Uint8Array, where: string): unknown {
  if (body.byteLength === 0) return {};
  let text: string;
  try {
    text = textDecoder.decode(body);
  } catch (error) {
    throw invalid(`the payload of ${where} is not UTF-8`, error);
  }
  const parsed = safeParseJson(text, anyJson, anyJsonFastPath);
  if (!parsed.success) throw invalid(`the payload of ${where} is not JSON`, parsed.error);
  const payload = parsed.value;
  if (typeof payload === 'object' && payload !== null && !Array.isArray(payload) && 'p' in payload) {
    const { p: _padding, ...rest } = payload as Record<string, unknown>;
    return rest;
  }
  return payload;
}

function readMessage(payload: unknown): string {
  if (typeof payload !== 'object' || payload === null) return '';
  const { message, Message } = payload as { message?: unknown; Message?: unknown };
  if (typeof message === 'string') return message;
  return typeof Message === 'string' ? Message : '';
}

/** One complete message (CRCs verified by smithy's codec) → a frame. */
function decodeFrame(bytes: Uint8Array): BedrockStreamFrame {
  let headers: MessageHeaders;
  let body: Uint8Array;
  try {
    ({ headers, body } = codec.decode(bytes));
  } catch (error) {
    throw invalid((error as Error).message, error);
  }
  const messageType = stringHeader(headers, ':message-type');
  if (messageType === 'event') {
    const eventType = stringHeader(headers, ':event-type');
    if (eventType === undefined) throw invalid('an event message has no :event-type header');
    return { kind: 'event', eventType, payload: parsePayload(body, `event ${eventType}`) };
  }
  if (messageType === 'exception') {
    const exceptionType = stringHeader(headers, ':exception-type');
    if (exceptionType === undefined) throw invalid('an exception message has no :exception-type header');
    const payload = parsePayload(body, `exception ${exceptionType}`);
    return { kind: 'exception', exceptionType, message: readMessage(payload), payload };
  }
  if (messageType === 'error') {
    // Unmodelled errors carry their code and message in headers; the body, if any, is kept as it came.
    const exceptionType = stringHeader(headers, ':error-code') ?? 'UnknownError';
    const message = stringHeader(headers, ':error-message') ?? '';
    let payload: unknown;
    try {
      payload = parsePayload(body, `error ${exceptionType}`);
    } catch {
      payload = undefined;
    }
    return { kind: 'exception', exceptionType, message, payload };
  }
  throw invalid(`unknown :message-type ${JSON.stringify(messageType ?? null)}`);
}

function concatBytes(head: Uint8Array, tail: Uint8Array): Uint8Array {
  const joined = new Uint8Array(head.byteLength + tail.byteLength);
  joined.set(head, 0);
  joined.set(tail, head.byteLength);
  return joined;
}

/**
 * Decodes `application/vnd.amazon.eventstream` bytes however the network split them: one array per read with every
 * frame that read completed (reads that complete none yield nothing). A frame cut across reads waits for its rest.
 * A bad prelude or message CRC, an impossible length, a payload that is not JSON, or a stream that ends inside a
 * frame throws `UpstreamResponseError` (`MMX_UPSTREAM_INVALID_RESPONSE`).
 */
export async function* decodeBedrockEventStream(
  chunks: AsyncIterable<Uint8Array>,
): AsyncGenerator<BedrockStreamFrame[]> {
  let buffered: Uint8Array = new Uint8Array(0);
  for await (const chunk of chunks) {
    // A plain view, whichever Uint8Array subclass the reader gives (Buffer's subarray is a slower one).
    const view = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let bytes = buffered.byteLength === 0 ? view : concatBytes(buffered, view);
    const frames: BedrockStreamFrame[] = [];
    while (bytes.byteLength >= 4) {
      // The prelude's total length, a big-endian uint32.
      const length =
        (((bytes[0] as number) << 24) |
          ((bytes[1] as number) << 16) |
          ((bytes[2] as number) << 8) |
          (bytes[3] as number)) >>>
        0;
      if (length < MINIMUM_MESSAGE_BYTES || length > MAXIMUM_MESSAGE_BYTES) {
        throw invalid(`a message declares an impossible length of ${length} bytes`);
      }
      if (bytes.byteLength < length) break;
      frames.push(decodeFrame(bytes.subarray(0, length)));
      bytes = bytes.subarray(length);
    }
    // Keep a copy of what is left: the reader may reuse the chunk's memory for its next read.
    buffered = bytes.byteLength === 0 ? new Uint8Array(0) : bytes.slice();
    if (frames.length > 0) yield frames;
  }
  if (buffered.byteLength > 0) {
    throw invalid(`the stream ended inside a message (${buffered.byteLength} bytes of it arrived)`);
  }
}
