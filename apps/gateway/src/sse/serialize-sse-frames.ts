import type { SseFrame } from '@modelmux/core';

/** Frames → the text written on the wire (`event:` only when named; `data:` split on newlines). */
export async function* serializeSseFrames(frames: AsyncIterable<SseFrame>): AsyncGenerator<string> {
  for await (const frame of frames) {
    const data = frame.data.includes('\n') ? frame.data.split('\n').join('\ndata: ') : frame.data;
    yield frame.event === undefined ? `data: ${data}\n\n` : `event: ${frame.event}\ndata: ${data}\n\n`;
  }
}
