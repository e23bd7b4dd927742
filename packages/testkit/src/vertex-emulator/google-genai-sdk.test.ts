import {
  ApiError,
  type GenerateContentParameters,
  type GenerateContentResponse,
  GoogleGenAI,
  Type,
} from '@google/genai';
import { OAuth2Client } from 'google-auth-library';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startVertexEmulator, type VertexEmulator } from './vertex-emulator.js';
import type { VertexGeminiResponse } from './vertex-emulator-scenario.js';

const ACCESS_TOKEN = 'genai-test-token';
const MODEL = 'gemini-2.5-flash';
/** Environment variables that switch @google/genai to another mode or project. */
const MODE_VARIABLES = [
  'GOOGLE_API_KEY',
  'GOOGLE_GENAI_API_KEY',
  'GEMINI_API_KEY',
  'GOOGLE_CLOUD_PROJECT',
  'GOOGLE_CLOUD_LOCATION',
  'GOOGLE_GENAI_USE_VERTEXAI',
  'GOOGLE_VERTEX_BASE_URL',
  'GOOGLE_GEMINI_BASE_URL',
];

let emulator: VertexEmulator;
let authClient: OAuth2Client;
let ai: GoogleGenAI;

function createClient(apiVersion?: string): GoogleGenAI {
  return new GoogleGenAI({
    vertexai: true,
    project: 'my-proj',
    location: 'us-central1',
    googleAuthOptions: { authClient },
    httpOptions: { baseUrl: emulator.url },
    ...(apiVersion === undefined ? {} : { apiVersion }),
  });
}

beforeAll(async () => {
  vi.stubEnv('METADATA_SERVER_DETECTION', 'none');
  for (const name of MODE_VARIABLES) vi.stubEnv(name, undefined);
  emulator = await startVertexEmulator({ accessToken: ACCESS_TOKEN });
  authClient = new OAuth2Client();
  authClient.setCredentials({ access_token: ACCESS_TOKEN, expiry_date: Date.now() + 3_600_000 });
  ai = createClient('v1');
});

afterEach(() => emulator.reset());

afterAll(async () => {
  await emulator.close();
  vi.unstubAllEnvs();
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

async function collect(stream: AsyncGenerator<GenerateContentResponse>): Promise<GenerateContentResponse[]> {
  const chunks: GenerateContentResponse[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

const thinkingToolResponse: VertexGeminiResponse = {
  candidates: [
    {
      content: {
        role: 'model',
        parts: [
          { text: 'The user wants the weather, so I call the tool.', thought: true },
          { text: 'Checking the weather in Paris.' },
          {
            functionCall: { name: 'get_weather', args: { city: 'Paris', days: [1, 2] } },
            thoughtSignature: 'c2lnbmF0dXJl',
          },
        ],
      },
      finishReason: 'STOP',
      safetyRatings: [{ category: 'HARM_CATEGORY_HATE_SPEECH', probability: 'NEGLIGIBLE' }],
    },
  ],
  usageMetadata: {
    promptTokenCount: 120,
    candidatesTokenCount: 15,
    cachedContentTokenCount: 100,
    thoughtsTokenCount: 11,
    totalTokenCount: 146,
  },
  modelVersion: 'gemini-2.5-flash-preview',
};

const request: GenerateContentParameters = {
  model: MODEL,
  contents: 'What is the weather in Paris?',
  config: {
    systemInstruction: 'Be terse.',
    temperature: 0.2,
    maxOutputTokens: 256,
    tools: [
      {
        functionDeclarations: [
          {
            name: 'get_weather',
            parameters: {
              type: Type.OBJECT,
              properties: { city: { type: Type.STRING } },
              required: ['city'],
            },
          },
        ],
      },
    ],
  },
};

describe('@google/genai against the emulator: requests', () => {
  it('sends POST …/publishers/google/models/{model}:generateContent with a camelCase body', async () => {
    await ai.models.generateContent(request);
    const [recorded] = emulator.requests;
    expect(recorded).toMatchObject({
      method: 'POST',
      path: `/v1/projects/my-proj/locations/us-central1/publishers/google/models/${MODEL}:generateContent`,
      publisher: 'google',
      modelId: MODEL,
    });
    expect(recorded!.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(recorded!.headers['content-type']).toBe('application/json');
    expect(recorded!.headers['x-goog-api-client']).toMatch(/^google-genai-sdk\//);
    expect(recorded!.body).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'What is the weather in Paris?' }] }],
      systemInstruction: { role: 'user', parts: [{ text: 'Be terse.' }] },
      tools: request.config!.tools,
      generationConfig: { temperature: 0.2, maxOutputTokens: 256 },
    });
  });

  it('streams through :streamGenerateContent?alt=sse', async () => {
    await collect(await ai.models.generateContentStream({ model: MODEL, contents: 'Hi' }));
    expect(emulator.requests[0]!.path).toBe(
      `/v1/projects/my-proj/locations/us-central1/publishers/google/models/${MODEL}:streamGenerateContent?alt=sse`,
    );
  });

  it('uses /v1beta1 without apiVersion, and the emulator serves it the same way', async () => {
    const response = await createClient().models.generateContent({
      model: 'gemini-2.0-flash-001',
      contents: 'Hi',
    });
    expect(response.text).toBe('Hello from the Vertex emulator.');
    expect(emulator.requests[0]!.path).toBe(
      '/v1beta1/projects/my-proj/locations/us-central1/publishers/google/models/gemini-2.0-flash-001:generateContent',
    );
  });
});

describe('@google/genai against the emulator: replies', () => {
  it('parses the default reply, with usage computed from the prompt', async () => {
    const response = await ai.models.generateContent({ model: MODEL, contents: 'Say hello to me' });
    expect(response.text).toBe('Hello from the Vertex emulator.');
    expect(response.candidates?.[0]?.finishReason).toBe('STOP');
    expect(response.usageMetadata).toEqual({
      promptTokenCount: 4,
      candidatesTokenCount: 5,
      totalTokenCount: 9,
    });
    expect(response.modelVersion).toBe(MODEL);
    expect(response.responseId).toMatch(/^emu/);
    expect(response.createTime).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('returns thought parts, functionCall parts, thoughtSignature, usage and finishReason as sent', async () => {
    emulator.enqueue({ kind: 'gemini-response', response: thinkingToolResponse });
    const response = await ai.models.generateContent(request);
    const candidate = response.candidates?.[0];
    expect(candidate?.content).toEqual(thinkingToolResponse.candidates[0]!.content);
    expect(candidate?.finishReason).toBe('STOP');
    expect(candidate?.safetyRatings).toEqual(thinkingToolResponse.candidates[0]!.safetyRatings);
    expect(response.functionCalls).toEqual([{ name: 'get_weather', args: { city: 'Paris', days: [1, 2] } }]);
    expect(response.usageMetadata).toEqual(thinkingToolResponse.usageMetadata);
    expect(response.modelVersion).toBe('gemini-2.5-flash-preview');
  });

  it('streams text per word, functionCall whole, finishReason and usage on the last chunk', async () => {
    emulator.enqueue({ kind: 'gemini-response', response: thinkingToolResponse });
    const chunks = await collect(await ai.models.generateContentStream(request));
    const parts = chunks.flatMap((chunk) => chunk.candidates?.[0]?.content?.parts ?? []);
    const thoughts = parts.filter((part) => part.thought === true);
    const texts = parts.filter((part) => part.text !== undefined && part.thought !== true);
    expect(thoughts.map((part) => part.text).join('')).toBe(
      'The user wants the weather, so I call the tool.',
    );
    expect(thoughts.length).toBeGreaterThan(1);
    expect(texts.map((part) => part.text).join('')).toBe('Checking the weather in Paris.');
    const calls = parts.filter((part) => part.functionCall !== undefined);
    expect(calls).toEqual([thinkingToolResponse.candidates[0]!.content.parts[2]]);
    expect(chunks).toHaveLength(parts.length);
    const last = chunks.at(-1)!;
    expect(last.candidates?.[0]?.finishReason).toBe('STOP');
    expect(last.usageMetadata).toEqual(thinkingToolResponse.usageMetadata);
    expect(last.functionCalls).toEqual([{ name: 'get_weather', args: { city: 'Paris', days: [1, 2] } }]);
    for (const chunk of chunks.slice(0, -1)) {
      expect(chunk.candidates?.[0]?.finishReason).toBeUndefined();
      expect(chunk.usageMetadata).toBeUndefined();
    }
    expect(new Set(chunks.map((chunk) => chunk.responseId)).size).toBe(1);
  });

  it('keeps a text part thoughtSignature on its last streamed piece only', async () => {
    emulator.enqueue({
      kind: 'gemini-response',
      response: {
        candidates: [
          {
            content: { role: 'model', parts: [{ text: 'One two three', thoughtSignature: 'c2ln' }] },
            finishReason: 'STOP',
          },
        ],
      },
    });
    const chunks = await collect(await ai.models.generateContentStream({ model: MODEL, contents: 'Count' }));
    const parts = chunks.flatMap((chunk) => chunk.candidates?.[0]?.content?.parts ?? []);
    expect(parts).toEqual([{ text: 'One ' }, { text: 'two ' }, { text: 'three', thoughtSignature: 'c2ln' }]);
  });

  it('makes a stream cut before the finishReason fail', async () => {
    emulator.enqueue({ kind: 'truncated-stream' });
    const received: GenerateContentResponse[] = [];
    const error = await rejection(
      (async () => {
        for await (const chunk of await ai.models.generateContentStream({ model: MODEL, contents: 'Hi' }))
          received.push(chunk);
      })(),
    );
    expect(error).toBeInstanceOf(Error);
    expect(received.map((chunk) => chunk.text)).toEqual(['Hello ', 'from ']);
  });
});

describe('@google/genai against the emulator: embeddings', () => {
  it('calls :predict for text-embedding-005 and parses vectors and statistics', async () => {
    const response = await ai.models.embedContent({
      model: 'text-embedding-005',
      contents: ['hello brave new world', 'emulator'],
      config: { outputDimensionality: 16, taskType: 'RETRIEVAL_DOCUMENT' },
    });
    const [recorded] = emulator.requests;
    expect(recorded!.path).toBe(
      '/v1/projects/my-proj/locations/us-central1/publishers/google/models/text-embedding-005:predict',
    );
    expect(recorded!.body).toEqual({
      instances: [
        { content: 'hello brave new world', task_type: 'RETRIEVAL_DOCUMENT' },
        { content: 'emulator', task_type: 'RETRIEVAL_DOCUMENT' },
      ],
      parameters: { outputDimensionality: 16 },
    });
    expect(response.embeddings).toHaveLength(2);
    expect(response.embeddings?.map((embedding) => embedding.values?.length)).toEqual([16, 16]);
    expect(response.embeddings?.map((embedding) => embedding.statistics)).toEqual([
      { tokenCount: 4, truncated: false },
      { tokenCount: 1, truncated: false },
    ]);
    expect(response.metadata).toEqual({ billableCharacterCount: 29 });
    const [first] = response.embeddings!;
    const norm = Math.hypot(...first!.values!);
    expect(norm).toBeCloseTo(1, 5);
    const again = await ai.models.embedContent({
      model: 'text-embedding-005',
      contents: 'hello brave new world',
      config: { outputDimensionality: 16 },
    });
    expect(again.embeddings?.[0]?.values).toEqual(first!.values);
  });

  it('answers 8 dimensions by default and skips queued chat scenarios', async () => {
    emulator.enqueue({ kind: 'gemini-response', response: thinkingToolResponse });
    const response = await ai.models.embedContent({
      model: 'text-multilingual-embedding-002',
      contents: 'hi',
    });
    expect(response.embeddings?.[0]?.values).toHaveLength(8);
    const chat = await ai.models.generateContent({ model: MODEL, contents: 'Hi' });
    expect(chat.usageMetadata).toEqual(thinkingToolResponse.usageMetadata);
  });

  it('takes a queued error', async () => {
    emulator.enqueue({ kind: 'error', status: 429 });
    const error = await rejection(ai.models.embedContent({ model: 'text-embedding-005', contents: 'hi' }));
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(429);
  });
});

describe('@google/genai against the emulator: errors', () => {
  it.each([400, 403, 404, 429, 500, 503])('status %i becomes ApiError with that status', async (status) => {
    emulator.enqueue({ kind: 'error', status });
    const error = await rejection(ai.models.generateContent({ model: MODEL, contents: 'Hi' }));
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(status);
    expect(JSON.parse((error as ApiError).message)).toMatchObject({ error: { code: status } });
  });

  it('a stream request with an error status becomes ApiError before any chunk', async () => {
    emulator.enqueue({ kind: 'error', status: 429 });
    const error = await rejection(ai.models.generateContentStream({ model: MODEL, contents: 'Hi' }));
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toContain('RESOURCE_EXHAUSTED');
  });

  it('a wrong access token gets a Google-shaped 401', async () => {
    const stranger = new OAuth2Client();
    stranger.setCredentials({ access_token: 'someone-else', expiry_date: Date.now() + 3_600_000 });
    const client = new GoogleGenAI({
      vertexai: true,
      project: 'my-proj',
      location: 'us-central1',
      googleAuthOptions: { authClient: stranger },
      httpOptions: { baseUrl: emulator.url },
    });
    const error = await rejection(client.models.generateContent({ model: MODEL, contents: 'Hi' }));
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect((error as ApiError).message).toContain('UNAUTHENTICATED');
  });
});
