import { GoogleGenAI } from '@google/genai';
import type { CallContext, ChatRequest } from '@modelmux/core';
import { DEFAULT_VERTEX_ACCESS_TOKEN, startVertexEmulator, type VertexEmulator } from '@modelmux/testkit';
import { OAuth2Client } from 'google-auth-library';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vertexPlugin } from './vertex-plugin.js';

// What the provider sends for Gemini must match what Google's own @google/genai (Vertex mode) sends for the same
// call: the same path, auth scheme, content type and body.

const MODEL = 'gemini-2.5-flash';
let emulator: VertexEmulator;
const dispatcher = new Agent();
const logger = { debug() {}, info() {}, warn() {}, error() {} };
const context = (): CallContext => ({ signal: new AbortController().signal, requestId: 'r', logger });
const savedEnvironment: Record<string, string | undefined> = {};
const GENAI_MODE_VARIABLES = [
  'GOOGLE_API_KEY',
  'GOOGLE_GENAI_API_KEY',
  'GOOGLE_CLOUD_PROJECT',
  'GOOGLE_CLOUD_LOCATION',
  'GOOGLE_GENAI_USE_VERTEXAI',
];

beforeAll(async () => {
  for (const name of GENAI_MODE_VARIABLES) {
    savedEnvironment[name] = process.env[name];
    delete process.env[name];
  }
  emulator = await startVertexEmulator();
});
afterAll(async () => {
  for (const name of GENAI_MODE_VARIABLES)
    if (savedEnvironment[name] !== undefined) process.env[name] = savedEnvironment[name];
  await emulator.close();
  await dispatcher.close();
});

function sdk(): GoogleGenAI {
  const authClient = new OAuth2Client();
  authClient.setCredentials({
    access_token: DEFAULT_VERTEX_ACCESS_TOKEN,
    expiry_date: Date.now() + 3_600_000,
  });
  return new GoogleGenAI({
    vertexai: true,
    project: 'my-proj',
    location: 'us-central1',
    googleAuthOptions: { authClient },
    httpOptions: { baseUrl: emulator.url },
    apiVersion: 'v1',
  });
}

function model() {
  const settings = vertexPlugin.settingsSchema.parse({
    project: 'my-proj',
    region: 'us-central1',
    base_url: emulator.url,
    credentials: { type: 'access_token', token: DEFAULT_VERTEX_ACCESS_TOKEN },
  });
  return vertexPlugin.create(settings, { id: 'vertex', dispatcher, logger, now: Date.now, env: {} })
    .chatModel!(MODEL);
}

function comparable(index: number) {
  const request = emulator.requests[index];
  if (request === undefined) throw new Error(`the emulator received no request ${index}`);
  const body = { ...(request.body as Record<string, unknown>) };
  // genai tags the system instruction with role "user"; Vertex ignores that role.
  const system = body.systemInstruction as { parts: unknown[]; role?: string } | undefined;
  if (system !== undefined) body.systemInstruction = { parts: system.parts };
  return {
    method: request.method,
    path: request.path,
    authorization: String(request.headers.authorization).split(' ')[0],
    contentType: request.headers['content-type'],
    body,
  };
}

describe('requests match @google/genai (Vertex mode)', () => {
  it.each([false, true])(
    'a tool conversation with system instruction and generation config (stream: %s)',
    async (stream) => {
      emulator.reset();
      const parameters = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
      const sdkParams = {
        model: MODEL,
        contents: [
          { role: 'user', parts: [{ text: 'Weather in Paris?' }] },
          { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { city: 'Paris' } } }] },
          { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { temp: 21 } } }] },
        ],
        config: {
          systemInstruction: { parts: [{ text: 'Be brief.' }] },
          tools: [
            {
              functionDeclarations: [
                { name: 'get_weather', description: 'Weather', parameters: parameters as never },
              ],
            },
          ],
          toolConfig: { functionCallingConfig: { mode: 'AUTO' as never } },
          temperature: 0.3,
          topP: 0.9,
          maxOutputTokens: 256,
          stopSequences: ['END'],
        },
      };
      if (stream) for await (const _chunk of await sdk().models.generateContentStream(sdkParams));
      else await sdk().models.generateContent(sdkParams);
      const request: ChatRequest = {
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
          {
            role: 'assistant',
            content: [
              { type: 'tool-call', callId: 'call_0', toolName: 'get_weather', arguments: '{"city":"Paris"}' },
            ],
          },
          { role: 'tool', toolCallId: 'call_0', content: [{ type: 'text', text: '{"temp":21}' }] },
        ],
        tools: [{ name: 'get_weather', description: 'Weather', parameters }],
        toolChoice: { type: 'auto' },
        temperature: 0.3,
        topP: 0.9,
        maxOutputTokens: 256,
        stopSequences: ['END'],
      };
      const target = model();
      if (stream) for await (const _event of await target.stream(request, context()));
      else await target.generate(request, context());
      const fromSdk = comparable(0);
      const fromProvider = comparable(1);
      expect(fromProvider).toEqual(fromSdk);
      expect(fromProvider.path).toBe(
        `/v1/projects/my-proj/locations/us-central1/publishers/google/models/${MODEL}:${stream ? 'streamGenerateContent?alt=sse' : 'generateContent'}`,
      );
    },
  );
});
