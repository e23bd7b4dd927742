import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BedrockEmulator, startBedrockEmulator } from './bedrock-emulator.js';
import { eventFrame, exceptionFrame, withCorruptMessageCrc } from './event-stream-frames.js';

interface DecodedFrame {
  headers: Record<string, string>;
  payload: unknown;
  preludeCrcValid: boolean;
  messageCrcValid: boolean;
}

/** Decodes one frame by the book (WIRE-FORMATS §7.5), independently of smithy, with zlib's CRC-32. */
function decodeFrame(frame: Buffer): DecodedFrame {
  const totalLength = frame.readUInt32BE(0);
  const headersLength = frame.readUInt32BE(4);
  expect(totalLength).toBe(frame.length);
  const headers: Record<string, string> = {};
  let offset = 12;
  while (offset < 12 + headersLength) {
    const nameLength = frame.readUInt8(offset);
    const name = frame.toString('utf8', offset + 1, offset + 1 + nameLength);
    offset += 1 + nameLength;
    expect(frame.readUInt8(offset)).toBe(7);
    const valueLength = frame.readUInt16BE(offset + 1);
    headers[name] = frame.toString('utf8', offset + 3, offset + 3 + valueLength);
    offset += 3 + valueLength;
  }
  return {
    headers,
    payload: JSON.parse(frame.toString('utf8', offset, totalLength - 4)),
    preludeCrcValid: frame.readUInt32BE(8) === crc32(frame.subarray(0, 8)),
    messageCrcValid: frame.readUInt32BE(totalLength - 4) === crc32(frame.subarray(0, totalLength - 4)),
  };
}

function splitFrames(body: Buffer): Buffer[] {
  const frames: Buffer[] = [];
  for (let offset = 0; offset < body.length; ) {
    const length = body.readUInt32BE(offset);
    frames.push(body.subarray(offset, offset + length));
    offset += length;
  }
  return frames;
}

describe('event-stream frames', () => {
  it('encodes an event: string headers, JSON payload with a p padding field, both CRCs right', () => {
    const frame = decodeFrame(
      Buffer.from(eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Hi' } })),
    );
    expect(frame.headers).toEqual({
      ':event-type': 'contentBlockDelta',
      ':content-type': 'application/json',
      ':message-type': 'event',
    });
    expect(frame.payload).toMatchObject({
      contentBlockIndex: 0,
      delta: { text: 'Hi' },
      p: expect.stringMatching(/^a[a-zA-Z0-9]*$/),
    });
    expect(frame.preludeCrcValid && frame.messageCrcValid).toBe(true);
  });

  it('encodes an exception with :exception-type and no padding', () => {
    const frame = decodeFrame(Buffer.from(exceptionFrame('throttlingException', { message: 'slow' })));
    expect(frame.headers).toEqual({
      ':exception-type': 'throttlingException',
      ':content-type': 'application/json',
      ':message-type': 'exception',
    });
    expect(frame.payload).toEqual({ message: 'slow' });
  });

  it('corrupts only the message CRC', () => {
    const frame = decodeFrame(
      Buffer.from(withCorruptMessageCrc(eventFrame('messageStart', { role: 'assistant' }))),
    );
    expect(frame.preludeCrcValid).toBe(true);
    expect(frame.messageCrcValid).toBe(false);
  });
});

describe('ConverseStream over raw HTTP', () => {
  let emulator: BedrockEmulator;
  beforeAll(async () => {
    emulator = await startBedrockEmulator();
  });
  afterAll(() => emulator.close());

  it('answers 200 application/vnd.amazon.eventstream with x-amzn-requestid and well-formed frames', async () => {
    const response = await fetch(`${emulator.url}/model/amazon.nova-pro-v1%3A0/converse-stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'Hi' }] }] }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.amazon.eventstream');
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    const frames = splitFrames(Buffer.from(await response.arrayBuffer())).map(decodeFrame);
    expect(frames.every((frame) => frame.preludeCrcValid && frame.messageCrcValid)).toBe(true);
    expect(frames.map((frame) => frame.headers[':event-type'])).toEqual([
      'messageStart',
      ...Array(5).fill('contentBlockDelta'),
      'contentBlockStop',
      'messageStop',
      'metadata',
    ]);
    const { p: _padding, ...metadata } = frames.at(-1)!.payload as Record<string, unknown>;
    expect(metadata).toEqual({
      usage: { inputTokens: 1, outputTokens: 5, totalTokens: 6 },
      metrics: { latencyMs: 25 },
    });
    expect(emulator.requests[0]).toMatchObject({
      modelId: 'amazon.nova-pro-v1:0',
      operation: 'converse-stream',
    });
  });
});
