import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_VERTEX_ACCESS_TOKEN, startVertexEmulator, type VertexEmulator } from './vertex-emulator.js';

const CLAUDE_PATH =
  '/v1/projects/p/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5@20250929';
const GEMINI_PATH = '/v1/projects/p/locations/us-central1/publishers/google/models/gemini-2.5-flash';
const claudeBody = {
  anthropic_version: 'vertex-2023-10-16',
  max_tokens: 32,
  messages: [{ role: 'user', content: 'Hi' }],
};
const geminiBody = { contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] };

let emulator: VertexEmulator;

beforeAll(async () => {
  emulator = await startVertexEmulator();
});

afterEach(() => emulator.reset());

afterAll(() => emulator.close());

function post(path: string, body: unknown, init: RequestInit = {}): Promise<Response> {
  return fetch(`${emulator.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${DEFAULT_VERTEX_ACCESS_TOKEN}`, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...init,
  });
}

/** Reads a body until it ends or the connection is cut; returns what arrived. */
async function readUntilCut(response: Response): Promise<{ text: string; cut: boolean }> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text, cut: false };
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    return { text, cut: true };
  }
}

describe('routing and auth', () => {
  it('answers unknown paths and GETs with a Google-shaped 404, and records them', async () => {
    const unknown = await post('/v1/projects/p/locations/l/endpoints/e:predict', {});
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 404, status: 'NOT_FOUND' } });
    const get = await fetch(`${emulator.url}${GEMINI_PATH}:generateContent`);
    expect(get.status).toBe(404);
    expect(emulator.requests.map((request) => request.method)).toEqual(['POST', 'GET']);
  });

  it('answers a method the publisher does not serve with 404', async () => {
    const response = await post(`${CLAUDE_PATH}:generateContent`, geminiBody);
    expect(response.status).toBe(404);
    expect(emulator.requests[0]).toMatchObject({
      publisher: 'anthropic',
      modelId: 'claude-sonnet-4-5@20250929',
    });
  });

  it('wants the access token: a Google-shaped 401 without it', async () => {
    const response = await post(`${GEMINI_PATH}:generateContent`, geminiBody, {
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(await response.json()).toMatchObject({ error: { code: 401, status: 'UNAUTHENTICATED' } });
  });

  it('reads percent-encoded @ and : in the model segment', async () => {
    const response = await post(
      '/v1/projects/p/locations/us-east5/publishers/anthropic/models/claude-sonnet-4-5%4020250929%3ArawPredict',
      claudeBody,
    );
    expect(response.status).toBe(200);
    expect(emulator.requests[0]!.modelId).toBe('claude-sonnet-4-5@20250929');
  });

  it('puts a request-id header on every reply', async () => {
    const ok = await post(`${GEMINI_PATH}:generateContent`, geminiBody);
    const missing = await post('/nowhere', {});
    const token = await fetch(emulator.tokenUrl, { method: 'POST', body: 'grant_type=x' });
    for (const response of [ok, missing, token])
      expect(response.headers.get('request-id')).toMatch(/^req_vrtx_/);
    expect(ok.headers.get('content-type')).toBe('application/json');
    expect(emulator.requests).toHaveLength(2);
  });
});

describe('Claude body checks', () => {
  it.each([
    ['model in the body', { ...claudeBody, model: 'claude-sonnet-4-5' }, /^model: /],
    ['no anthropic_version', { ...claudeBody, anthropic_version: undefined }, /^anthropic_version: /],
    ['an empty anthropic_version', { ...claudeBody, anthropic_version: '' }, /^anthropic_version: /],
    ['no max_tokens', { ...claudeBody, max_tokens: undefined }, /^max_tokens: /],
    ['no messages', { ...claudeBody, messages: [] }, /^messages: /],
    ['stream: true on :rawPredict', { ...claudeBody, stream: true }, /streamRawPredict/],
  ])('rejects %s with an Anthropic-shaped 400 and takes no scenario', async (_name, body, message) => {
    emulator.enqueue({ kind: 'error', status: 503 });
    const response = await post(`${CLAUDE_PATH}:rawPredict`, body);
    expect(response.status).toBe(400);
    const error = (await response.json()) as { type: string; error: { type: string; message: string } };
    expect(error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect(error.error.message).toMatch(message);
    expect((await post(`${CLAUDE_PATH}:rawPredict`, claudeBody)).status).toBe(503);
  });

  it('wants "stream": true on :streamRawPredict', async () => {
    const response = await post(`${CLAUDE_PATH}:streamRawPredict`, claudeBody);
    expect(response.status).toBe(400);
  });

  it('frames a stream as event: + data: lines with a ping and cumulative usage in message_delta', async () => {
    emulator.enqueue({
      kind: 'anthropic-message',
      message: {
        content: [{ type: 'text', text: 'Hi there' }],
        stop_reason: 'stop_sequence',
        stop_sequence: 'END',
        usage: { input_tokens: 3, output_tokens: 7, cache_read_input_tokens: 2 },
      },
    });
    const response = await post(`${CLAUDE_PATH}:streamRawPredict`, { ...claudeBody, stream: true });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const frames = (await response.text()).split('\n\n').filter((frame) => frame !== '');
    const events = frames.map((frame) => {
      const [eventLine, dataLine] = frame.split('\n');
      const type = eventLine!.replace(/^event: /, '');
      const data = JSON.parse(dataLine!.replace(/^data: /, '')) as { type: string };
      expect(data.type).toBe(type);
      return data as Record<string, unknown>;
    });
    expect(events.map((event) => event.type)).toEqual([
      'message_start',
      'ping',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(events[0]).toMatchObject({
      message: {
        stop_reason: null,
        content: [],
        usage: { input_tokens: 3, output_tokens: 1, cache_read_input_tokens: 2 },
      },
    });
    expect(events[6]).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'stop_sequence', stop_sequence: 'END' },
      usage: { input_tokens: 3, output_tokens: 7, cache_read_input_tokens: 2 },
    });
  });
});

describe('Gemini body checks and framing', () => {
  it('rejects a body without contents with a Google-shaped 400', async () => {
    const response = await post(`${GEMINI_PATH}:generateContent`, { generationConfig: {} });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } });
  });

  it('rejects an embedding request without instances', async () => {
    const response = await post(
      '/v1/projects/p/locations/l/publishers/google/models/text-embedding-005:predict',
      {
        instances: [],
      },
    );
    expect(response.status).toBe(400);
  });

  it('frames alt=sse chunks as data: <json> with CRLF blank lines', async () => {
    const response = await post(`${GEMINI_PATH}:streamGenerateContent?alt=sse`, geminiBody);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const text = await response.text();
    const frames = text.split('\r\n\r\n');
    expect(frames.pop()).toBe('');
    expect(frames).toHaveLength(5);
    for (const frame of frames) expect(frame).toMatch(/^data: \{"candidates":/);
  });

  it('sends a stream without alt=sse as one JSON array', async () => {
    const response = await post(`${GEMINI_PATH}:streamGenerateContent`, geminiBody);
    expect(response.headers.get('content-type')).toBe('application/json');
    const chunks = (await response.json()) as Array<{
      candidates: Array<{ content: { parts: Array<{ text: string }> } }>;
    }>;
    expect(chunks.map((chunk) => chunk.candidates[0]!.content.parts[0]!.text).join('')).toBe(
      'Hello from the Vertex emulator.',
    );
  });

  it('answers a scenario of the other publisher with a 500 that names the mistake', async () => {
    emulator.enqueue({ kind: 'anthropic-stream-error', error: { type: 'api_error', message: 'x' } });
    const response = await post(`${GEMINI_PATH}:generateContent`, geminiBody);
    expect(response.status).toBe(500);
    expect(JSON.stringify(await response.json())).toContain('Vertex emulator misuse');
  });
});

describe('failure scenarios', () => {
  it('truncated-stream cuts a Claude stream after four events', async () => {
    emulator.enqueue({ kind: 'truncated-stream' });
    const response = await post(`${CLAUDE_PATH}:streamRawPredict`, { ...claudeBody, stream: true });
    const { text, cut } = await readUntilCut(response);
    expect(cut).toBe(true);
    expect(text.match(/^event: /gm)).toHaveLength(4);
    expect(text).not.toContain('message_stop');
  });

  it('truncated-stream sends half a non-stream JSON body, embeddings included', async () => {
    emulator.enqueue({ kind: 'truncated-stream' }, { kind: 'truncated-stream' });
    const claude = await readUntilCut(await post(`${CLAUDE_PATH}:rawPredict`, claudeBody));
    expect(claude.cut).toBe(true);
    expect(claude.text).toMatch(/^\{"id":"msg_vrtx_/);
    const embeddings = await readUntilCut(
      await post('/v1/projects/p/locations/l/publishers/google/models/text-embedding-005:predict', {
        instances: [{ content: 'x' }],
      }),
    );
    expect(embeddings.cut).toBe(true);
  });

  it('hang waits until the client goes away, and waitForClientClose sees it', async () => {
    emulator.enqueue({ kind: 'hang' });
    const controller = new AbortController();
    const pending = post(`${GEMINI_PATH}:generateContent`, geminiBody, { signal: controller.signal }).catch(
      (error: unknown) => error,
    );
    await vi.waitFor(() => expect(emulator.requests).toHaveLength(1), { timeout: 5_000 });
    controller.abort();
    await emulator.waitForClientClose(0);
    expect(emulator.requests[0]!.closedByClient).toBe(true);
    expect(await pending).toBeInstanceOf(Error);
  });

  it('waitForClientClose rejects for a request the emulator answered', async () => {
    await (await post(`${GEMINI_PATH}:generateContent`, geminiBody)).text();
    await vi.waitFor(() => expect(emulator.requests).toHaveLength(1), { timeout: 5_000 });
    await expect(emulator.waitForClientClose(0, 1000)).rejects.toThrow(/ended on the emulator's side/);
    expect(emulator.requests[0]!.closedByClient).toBe(false);
  });

  it('close() ends hung connections', async () => {
    const own = await startVertexEmulator({ accessToken: 't' });
    own.enqueue({ kind: 'hang' });
    const pending = fetch(`${own.url}${GEMINI_PATH}:generateContent`, {
      method: 'POST',
      headers: { authorization: 'Bearer t' },
      body: JSON.stringify(geminiBody),
    }).catch((error: unknown) => error);
    await vi.waitFor(() => expect(own.requests).toHaveLength(1), { timeout: 5_000 });
    await own.close();
    expect(await pending).toBeInstanceOf(Error);
    expect(own.requests[0]!.closedByClient).toBe(false);
  });

  it('firstByteDelayMs holds the reply back', async () => {
    emulator.enqueue({
      kind: 'gemini-response',
      firstByteDelayMs: 60,
      response: {
        candidates: [{ content: { role: 'model', parts: [{ text: 'late' }] }, finishReason: 'STOP' }],
      },
    });
    const started = performance.now();
    const body = (await (await post(`${GEMINI_PATH}:generateContent`, geminiBody)).json()) as Record<
      string,
      unknown
    >;
    expect(performance.now() - started).toBeGreaterThanOrEqual(50);
    expect(body).toMatchObject({
      candidates: [{ content: { parts: [{ text: 'late' }] } }],
      modelVersion: 'gemini-2.5-flash',
    });
  });
});
