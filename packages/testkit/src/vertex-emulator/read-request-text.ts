import type { IncomingMessage } from 'node:http';

/** Reads the whole request body as UTF-8 text. Rejects when the client goes away before the body ends. */
export function readRequestText(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.once('error', reject);
    request.once('close', () => {
      if (!request.complete)
        reject(new Error('The client closed the connection before the request body ended'));
    });
  });
}

/** The JSON value of a body text, or undefined when it is empty or not JSON. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
