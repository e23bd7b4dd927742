import type { IncomingMessage } from 'node:http';

/** What the emulator made of a request body. */
export type RequestBody = { kind: 'empty' } | { kind: 'json'; value: unknown } | { kind: 'invalid-json' };

function parseBody(chunks: readonly Buffer[]): RequestBody {
  if (chunks.length === 0) return { kind: 'empty' };
  const text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8');
  if (text.trim() === '') return { kind: 'empty' };
  try {
    return { kind: 'json', value: JSON.parse(text) };
  } catch {
    return { kind: 'invalid-json' };
  }
}

/** Reads the whole request body and parses it as JSON. Rejects when the client goes away before the body ends. */
export function readRequestBody(request: IncomingMessage): Promise<RequestBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.once('end', () => resolve(parseBody(chunks)));
    request.once('error', reject);
    request.once('close', () => {
      if (!request.complete)
        reject(new Error('The client closed the connection before the request body ended'));
    });
  });
}
