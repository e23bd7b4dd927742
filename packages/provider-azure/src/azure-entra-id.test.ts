import type { CallContext, Provider } from '@modelmux/core';
import { type AzureOpenAIEmulator, DEFAULT_ENTRA_CLIENT, startAzureOpenAIEmulator } from '@modelmux/testkit';
import { Agent, type Dispatcher } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { azurePlugin } from './azure-plugin.js';

const logger = { debug() {}, info() {}, warn() {}, error() {} };
const context = (): CallContext => ({ signal: new AbortController().signal, requestId: 'r1', logger });
const request = { messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hi' }] }] };

let emulator: AzureOpenAIEmulator;
let agent: Agent;
let dispatcher: Dispatcher;
const providers: Provider[] = [];

beforeAll(async () => {
  emulator = await startAzureOpenAIEmulator({ apiKey: 'unused-key' });
  agent = new Agent();
  // @azure/identity only accepts an https authority: requests to the fake one go to the emulator's local origin.
  dispatcher = agent.compose(
    (dispatch) => (options, handler) =>
      dispatch(
        String(options.origin) === emulator.authorityOrigin
          ? { ...options, origin: emulator.origin }
          : options,
        handler,
      ),
  );
});
afterEach(() => emulator.reset());
afterAll(async () => {
  for (const provider of providers) await provider.close?.();
  await agent.close();
  await emulator.close();
});

function provider(clientSecret: string): Provider {
  const settings = azurePlugin.settingsSchema.parse({
    endpoint: emulator.endpoint,
    entra: {
      type: 'client_secret',
      tenant_id: DEFAULT_ENTRA_CLIENT.tenantId,
      client_id: DEFAULT_ENTRA_CLIENT.clientId,
      client_secret: { env: 'AZURE_CLIENT_SECRET' },
      authority_host: emulator.authorityOrigin,
      disable_instance_discovery: true,
    },
  });
  const created = azurePlugin.create(settings, {
    id: 'azure-entra',
    dispatcher,
    logger,
    now: Date.now,
    env: { AZURE_CLIENT_SECRET: clientSecret },
  });
  providers.push(created);
  return created;
}

describe('Azure with Microsoft Entra ID (ClientSecretCredential through the injected dispatcher)', () => {
  it('sends a bearer token from the authority, fetched once for many requests', async () => {
    const model = provider(DEFAULT_ENTRA_CLIENT.clientSecret).chatModel!('gpt-4o');
    await Promise.all([model.generate(request, context()), model.generate(request, context())]);
    await model.generate(request, context());
    expect(emulator.requests.map((recorded) => recorded.authScheme)).toEqual([
      'entra-id',
      'entra-id',
      'entra-id',
    ]);
    expect(emulator.requests.every((recorded) => recorded.headers['api-key'] === undefined)).toBe(true);
    expect(emulator.tokenRequests).toEqual([
      expect.objectContaining({
        tenantId: DEFAULT_ENTRA_CLIENT.tenantId,
        clientId: DEFAULT_ENTRA_CLIENT.clientId,
        grantType: 'client_credentials',
        scope: expect.stringContaining('https://cognitiveservices.azure.com/.default'),
      }),
    ]);
  });

  it('turns a refused token request into MMX_CREDENTIALS_UNAVAILABLE without calling the API', async () => {
    const error = await provider('not-the-secret').chatModel!('gpt-4o')
      .generate(request, context())
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'MMX_CREDENTIALS_UNAVAILABLE', httpStatus: 502 });
    expect(String((error as Error).message)).not.toContain('not-the-secret');
    expect(emulator.requests).toEqual([]);
  });
});
