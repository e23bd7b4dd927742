import { readFileSync } from 'node:fs';
import { splitAtEveryBoundary, splitBytes } from '@modelmux/testkit';
import { EventStreamCodec, type MessageHeaders } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { describe, expect, it } from 'vitest';
import {
  type BedrockStreamFrame,
  decodeBedrockEventStream,
  decodeHeaderText,
} from './decode-bedrock-event-stream.js';

const codec = new EventStreamCodec(toUtf8, fromUtf8);

function encodeMessage(headers: Record<string, string>, payload: string): Uint8Array {
  const messageHeaders: MessageHeaders = {};
  for (const [name, value] of Object.entries(headers)) messageHeaders[name] = { type: 'string', value };
  return codec.encode({ headers: messageHeaders, body: fromUtf8(payload) });
}

function encodeEvent(eventType: string, payload: unknown): Uint8Array {
  return encodeMessage(
    { ':message-type': 'event', ':event-type': eventType, ':content-type': 'application/json' },
    JSON.stringify(payload),
  );
}

function concat(parts: Uint8Array[]): Uint8Array {
  return Uint8Array.from(Buffer.concat(parts));
}

/** The fixture's `{ eventType, payload }` lines encoded into real binary frames with smithy's encoder. */
function loadFixture(name: string): {
  bytes: Uint8Array;
  lines: Array<{ eventType: string; payload: unknown }>;
} {
  const lines = readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { eventType: string; payload: unknown });
  return { bytes: concat(lines.map((line) => encodeEvent(line.eventType, line.payload))), lines };
}

async function* chunksOf(pieces: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const piece of pieces) yield piece;
}

async function decodeAll(pieces: Uint8Array[]): Promise<{ frames: BedrockStreamFrame[]; batches: number }> {
  const frames: BedrockStreamFrame[] = [];
  let batches = 0;
  for await (const batch of decodeBedrockEventStream(chunksOf(pieces))) {
    batches++;
    expect(batch.length).toBeGreaterThan(0);
    frames.push(...batch);
  }
  return { frames, batches };
}

async function failure(pieces: Uint8Array[]): Promise<unknown> {
  return decodeAll(pieces).then(
    () => undefined,
    (error: unknown) => error,
  );
}

const fixture = loadFixture('bedrock-stream-text.1.events.jsonl');
const expected: BedrockStreamFrame[] = fixture.lines.map(({ eventType, payload }) => {
  const { p: _padding, ...rest } = payload as Record<string, unknown>;
  return { kind: 'event', eventType, payload: rest };
});

describe('decodeBedrockEventStream', () => {
  it('decodes every frame of the fixture, without the padding field, in one batch per read', async () => {
    expect(await decodeAll([fixture.bytes])).toEqual({ frames: expected, batches: 1 });
    expect(expected[2]).toMatchObject({ payload: { delta: { text: ' — ça va? 👋' } } });
  });

  it('gives the same frames when split at every byte boundary', async () => {
    for (const [head, tail] of splitAtEveryBoundary(fixture.bytes)) {
      expect((await decodeAll([head, tail])).frames, `cut at ${head.byteLength}`).toEqual(expected);
    }
  });

  it.each([1, 7, 64])('gives the same frames in pieces of %i bytes', async (size) => {
    const { frames, batches } = await decodeAll(splitBytes(fixture.bytes, size));
    expect(frames).toEqual(expected);
    expect(batches).toBeLessThanOrEqual(expected.length);
  });

  it('does not depend on the reader keeping its chunk memory', async () => {
    const reused = new Uint8Array(5);
    async function* reusing() {
      for (const piece of splitBytes(fixture.bytes, 5)) {
        reused.fill(0);
        reused.set(piece);
        yield reused.subarray(0, piece.byteLength);
      }
    }
    const frames: BedrockStreamFrame[] = [];
    for await (const batch of decodeBedrockEventStream(reusing())) frames.push(...batch);
    expect(frames).toEqual(expected);
  });

  it('passes exception frames through as kind "exception"', async () => {
    const bytes = concat([
      encodeEvent('messageStart', { role: 'assistant' }),
      encodeMessage(
        {
          ':message-type': 'exception',
          ':exception-type': 'throttlingException',
          ':content-type': 'application/json',
        },
        '{"message":"Too many tokens, please wait before trying again."}',
      ),
      encodeMessage(
        { ':message-type': 'error', ':error-code': 'InternalFailure', ':error-message': 'boom' },
        '',
      ),
    ]);
    expect((await decodeAll([bytes])).frames).toEqual([
      { kind: 'event', eventType: 'messageStart', payload: { role: 'assistant' } },
      {
        kind: 'exception',
        exceptionType: 'throttlingException',
        message: 'Too many tokens, please wait before trying again.',
        payload: { message: 'Too many tokens, please wait before trying again.' },
      },
      { kind: 'exception', exceptionType: 'InternalFailure', message: 'boom', payload: {} },
    ]);
  });

  it('yields the complete frames before failing on a truncated last frame', async () => {
    const truncated = fixture.bytes.subarray(0, fixture.bytes.byteLength - 3);
    const frames: BedrockStreamFrame[] = [];
    const error = await (async () => {
      try {
        for await (const batch of decodeBedrockEventStream(chunksOf([truncated]))) frames.push(...batch);
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(frames).toEqual(expected.slice(0, -1));
    expect(error).toMatchObject({
      code: 'MMX_UPSTREAM_INVALID_RESPONSE',
      message: expect.stringContaining('ended'),
    });
  });

  it.each([
    ['the message CRC', (bytes: Uint8Array) => bytes.byteLength - 1],
    ['the prelude CRC', () => 9],
    ['a payload byte', (bytes: Uint8Array) => bytes.byteLength - 6],
  ])('fails with MMX_UPSTREAM_INVALID_RESPONSE when %s is corrupted', async (_name, offset) => {
    const bytes = Uint8Array.from(encodeEvent('messageStart', { role: 'assistant' }));
    const index = offset(bytes);
    bytes[index] = (bytes[index] ?? 0) ^ 0xff;
    expect(await failure([bytes])).toMatchObject({ code: 'MMX_UPSTREAM_INVALID_RESPONSE' });
  });

  it.each([
    [
      'a payload that is not JSON',
      encodeMessage({ ':message-type': 'event', ':event-type': 'x' }, '{"cut":'),
    ],
    ['an event without :event-type', encodeMessage({ ':message-type': 'event' }, '{}')],
    ['an unknown :message-type', encodeMessage({ ':message-type': 'surprise' }, '{}')],
    ['an impossible length', Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0])],
  ])('fails with MMX_UPSTREAM_INVALID_RESPONSE on %s', async (_name, bytes) => {
    expect(await failure([bytes])).toMatchObject({ code: 'MMX_UPSTREAM_INVALID_RESPONSE' });
  });

  it('yields nothing for an empty stream', async () => {
    expect(await decodeAll([])).toEqual({ frames: [], batches: 0 });
  });
});

describe('decodeHeaderText', () => {
  const bytesOf = (text: string) => Uint8Array.from(Buffer.from(text, 'utf8'));

  it('decodes exactly as smithy toUtf8, the first time and from its cache', () => {
    const samples = [
      bytesOf(':event-type'),
      bytesOf('contentBlockDelta'),
      bytesOf('abc'),
      bytesOf('axc'), // same length, first and last byte as "abc"
      bytesOf('évènement 👋'),
      Uint8Array.from([0x41, 0xff, 0x41]), // not UTF-8
      bytesOf('x'.repeat(65)),
      new Uint8Array(0),
    ];
    for (let pass = 0; pass < 2; pass++) {
      for (const bytes of samples) expect(decodeHeaderText(bytes)).toBe(toUtf8(bytes));
    }
  });

  it('stays exact when more texts come than it has slots (they share and replace slots)', () => {
    const many = Array.from({ length: 1000 }, (_, index) => bytesOf(`header-${index}`));
    for (let pass = 0; pass < 2; pass++) {
      for (const bytes of many) expect(decodeHeaderText(bytes)).toBe(toUtf8(bytes));
    }
  });

  it('keeps its own copy of the bytes it caches', () => {
    const memory = bytesOf('reusedMemory');
    expect(decodeHeaderText(memory)).toBe('reusedMemory');
    memory.set(bytesOf('rexxxxMemory'));
    expect(decodeHeaderText(memory)).toBe('rexxxxMemory');
    expect(decodeHeaderText(bytesOf('reusedMemory'))).toBe('reusedMemory');
  });

  it('decodes non-ASCII header values in frames', async () => {
    const bytes = encodeMessage({ ':message-type': 'event', ':event-type': 'évènement' }, '{"a":1}');
    expect((await decodeAll([bytes, bytes])).frames).toEqual([
      { kind: 'event', eventType: 'évènement', payload: { a: 1 } },
      { kind: 'event', eventType: 'évènement', payload: { a: 1 } },
    ]);
  });
});
