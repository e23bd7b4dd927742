import { describe, expect, it } from 'vitest';
import { parseSseStream, type SseEvent } from './parse-sse-stream.js';

const encoder = new TextEncoder();

async function* chunksOf(bytes: Uint8Array, cuts: number[]): AsyncGenerator<Uint8Array> {
  let start = 0;
  for (const cut of cuts) {
    yield bytes.subarray(start, cut);
    start = cut;
  }
  yield bytes.subarray(start);
}

async function collect(bytes: Uint8Array, cuts: number[] = []): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  for await (const event of parseSseStream(chunksOf(bytes, cuts))) events.push(event);
  return events;
}

const STREAM = [
  'data: {"a":"héllo 👋"}',
  '',
  ': keep-alive comment',
  '',
  'event: message_delta',
  'id: 7',
  'data: {"b":2}',
  '',
  'data: line one\r\ndata: line two\r\n',
  'data: [DONE]',
  '',
  '',
].join('\n');

const EXPECTED: SseEvent[] = [
  { data: '{"a":"héllo 👋"}' },
  { event: 'message_delta', id: '7', data: '{"b":2}' },
  { data: 'line one\nline two' },
  { data: '[DONE]' },
];

describe('parseSseStream', () => {
  it('parses a whole stream', async () => {
    expect(await collect(encoder.encode(STREAM))).toEqual(EXPECTED);
  });

  it('gives the same events when split at every byte boundary', async () => {
    const bytes = encoder.encode(STREAM);
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(await collect(bytes, [cut]), `cut at ${cut}`).toEqual(EXPECTED);
    }
  });

  it('gives the same events when every byte arrives alone', async () => {
    const bytes = encoder.encode(STREAM);
    const cuts = Array.from({ length: bytes.length - 1 }, (_, index) => index + 1);
    expect(await collect(bytes, cuts)).toEqual(EXPECTED);
  });

  it('never yields an event whose terminating blank line did not arrive', async () => {
    const bytes = encoder.encode('data: {"complete":true}\n\ndata: {"cut":');
    expect(await collect(bytes)).toEqual([{ data: '{"complete":true}' }]);
  });
});
