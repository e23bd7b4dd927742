import {
  type ChatConverter,
  type ChatEvent,
  type ChatResult,
  type EncodeMeta,
  ERROR_CODES,
  InvalidRequestError,
  ModelmuxError,
  UnsupportedFeatureError,
} from '@modelmux/core';
import { describe, expect, it } from 'vitest';

export interface ConverterContractOptions {
  name: string;
  converter: ChatConverter;
  /** Valid wire requests with the model reference each names; one should ask for a stream. */
  validRequests: Array<{ body: unknown; modelReference: string; stream: boolean }>;
  /** Invalid wire requests, each with the client-API name of the field the error must point at. */
  invalidRequests: Array<{ body: unknown; param: string }>;
  /** Checks one encoded non-stream body (e.g. against the API's published schema); returns problems. */
  checkResult: (body: unknown) => string[];
  /** Checks one encoded stream frame (its `event` name, if any, and `data`); returns problems. */
  checkFrame: (frame: { event?: string; data: string }) => string[];
  /** Checks one encoded error body; returns problems. */
  checkError: (body: unknown) => string[];
}

const meta: EncodeMeta = { requestId: 'contract-1', modelReference: 'alias', createdAt: 1_767_225_600_000 };

const result: ChatResult = {
  content: [
    { type: 'reasoning', text: 'thinking' },
    { type: 'text', text: 'Hello' },
    { type: 'tool-call', callId: 'call_1', toolName: 'get_weather', arguments: '{"city":"Paris"}' },
  ],
  finishReason: { unified: 'tool-calls', raw: 'tool_use' },
  usage: { inputTokens: 10, outputTokens: 5, cachedInputTokens: 2, reasoningTokens: 1 },
  warnings: [],
};

const events: ChatEvent[] = [
  { type: 'response-start', warnings: [] },
  { type: 'reasoning-start', blockId: 'r' },
  { type: 'reasoning-delta', blockId: 'r', delta: 'thinking' },
  { type: 'reasoning-end', blockId: 'r' },
  { type: 'text-start', blockId: 't' },
  { type: 'text-delta', blockId: 't', delta: 'Hel' },
  { type: 'text-delta', blockId: 't', delta: 'lo' },
  { type: 'text-end', blockId: 't' },
  { type: 'tool-call-start', callId: 'call_1', toolName: 'get_weather' },
  { type: 'tool-call-delta', callId: 'call_1', argumentsDelta: '{"city":' },
  { type: 'tool-call-delta', callId: 'call_1', argumentsDelta: '"Paris"}' },
  { type: 'tool-call-end', callId: 'call_1', arguments: '{"city":"Paris"}' },
  { type: 'usage-update', usage: { inputTokens: 10, outputTokens: 5 } },
  {
    type: 'response-end',
    finishReason: { unified: 'tool-calls' },
    usage: { inputTokens: 10, outputTokens: 5 },
  },
];

/** Splits SSE wire text into frames; every frame must end with a blank line. */
function splitFrames(text: string): Array<{ event?: string; data: string }> {
  expect(text.endsWith('\n\n')).toBe(true);
  return text
    .slice(0, -2)
    .split('\n\n')
    .map((block) => {
      const frame: { event?: string; data: string } = { data: '' };
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) frame.event = line.slice(7);
        else if (line.startsWith('data: ')) data.push(line.slice(6));
        else throw new Error(`unexpected SSE line: ${line}`);
      }
      frame.data = data.join('\n');
      return frame;
    });
}

/** The contract suite every API plugin's converter runs: decoding, encoding, stream framing and every error code. */
export function describeConverterContract(options: ConverterContractOptions): void {
  const { converter } = options;
  describe(`converter contract: ${options.name}`, () => {
    it.each(options.validRequests.map((request) => [request.modelReference, request] as const))(
      'decodes a valid request for %s',
      (_reference, request) => {
        const decoded = converter.decodeRequest(request.body, {});
        expect(decoded.modelReference).toBe(request.modelReference);
        expect(decoded.stream).toBe(request.stream);
        expect(decoded.request.messages.length).toBeGreaterThan(0);
      },
    );

    it.each(options.invalidRequests.map((request) => [request.param, request.body] as const))(
      'rejects an invalid request naming %s',
      (param, body) => {
        let caught: unknown;
        try {
          converter.decodeRequest(body, {});
        } catch (error) {
          caught = error;
        }
        expect(InvalidRequestError.isInstance(caught) || UnsupportedFeatureError.isInstance(caught)).toBe(
          true,
        );
        expect((caught as { param?: string }).param).toBe(param);
      },
    );

    it('encodes a result the API schema accepts', () => {
      const decoded = converter.decodeRequest(options.validRequests[0]?.body, {});
      expect(options.checkResult(converter.encodeResult(result, meta, decoded))).toEqual([]);
    });

    it('encodes a stream whose every frame the API schema accepts', () => {
      const streaming = options.validRequests.find((request) => request.stream);
      if (converter.createStreamEncoder === undefined || streaming === undefined) return;
      const decoded = converter.decodeRequest(streaming.body, {});
      const encoder = converter.createStreamEncoder(meta, decoded);
      const frames = splitFrames(events.map((event) => encoder.encode(event)).join(''));
      expect(frames.length).toBeGreaterThan(2);
      expect(frames.flatMap(options.checkFrame)).toEqual([]);
      const failing = converter.createStreamEncoder(meta, decoded);
      const failure = new ModelmuxError({ code: 'MMX_UPSTREAM_INVALID_RESPONSE', message: 'cut' });
      const failed = splitFrames(
        failing.encode(events[0]!) + failing.encode({ type: 'error', error: failure }),
      );
      expect(failed.at(-1)?.data).toContain('MMX_UPSTREAM_INVALID_RESPONSE');
      expect(failed.flatMap(options.checkFrame)).toEqual([]);
    });

    it.each(Object.values(ERROR_CODES))('encodes %s with its HTTP status in the API error shape', (code) => {
      const encoded = converter.encodeError(new ModelmuxError({ code, message: `failure ${code}` }));
      expect(encoded.status).toBe(new ModelmuxError({ code, message: '' }).httpStatus);
      expect(options.checkError(encoded.body)).toEqual([]);
    });
  });
}
