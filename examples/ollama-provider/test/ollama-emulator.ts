import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_OLLAMA_TEXT, type OllamaEmulatorScenario } from './ollama-emulator-scenario.js';
import { type OllamaChatRequestBody, writeOllamaChatReply } from './write-ollama-chat-reply.js';

export interface OllamaRecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** The request body as parsed JSON. */
  body: Record<string, unknown>;
}

export interface OllamaEmulatorOptions {
  /** The reply for each model name; any other model answers with `DEFAULT_OLLAMA_TEXT`. */
  scenarios?: Record<string, OllamaEmulatorScenario>;
}

export interface OllamaEmulator {
  /** `http://127.0.0.1:<port>`: the `base_url` of a provider instance, the `host` of an ollama-js client. */
  url: string;
  /** Every `POST /api/chat` received, in order. */
  requests: OllamaRecordedRequest[];
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function writeError(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify({ error: message }));
}

/**
 * A small Ollama server on 127.0.0.1 that speaks the native chat API (`POST /api/chat`): a JSON reply for
 * `stream: false`, an NDJSON stream otherwise (Ollama's default), `{"error": "…"}` bodies for failures. It records
 * what it received.
 */
export async function startOllamaEmulator(options: OllamaEmulatorOptions = {}): Promise<OllamaEmulator> {
  const requests: OllamaRecordedRequest[] = [];
  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) writeError(response, 500, String(error));
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (request.method !== 'POST' || path !== '/api/chat') {
      writeError(response, 404, `${request.method} ${path} is not emulated`);
      return;
    }
    const text = await readBody(request);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch (error) {
      writeError(response, 400, (error as Error).message);
      return;
    }
    requests.push({ method: request.method, path, headers: request.headers, body });
    if (typeof body.model !== 'string' || body.model === '') {
      writeError(response, 400, 'model is required');
      return;
    }
    const scenario = options.scenarios?.[body.model] ?? { kind: 'text', text: DEFAULT_OLLAMA_TEXT };
    writeOllamaChatReply(response, body as unknown as OllamaChatRequestBody, scenario);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
}
