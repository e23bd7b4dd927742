import { createOpenAI } from '@ai-sdk/openai';
import {
  DEFAULT_VERTEX_ACCESS_TOKEN,
  startOpenAICompatibleEmulator,
  startVertexEmulator,
} from '@modelmux/testkit';
import { generateText, stepCountIs, streamText, tool } from 'ai';
import { expect, it } from 'vitest';
import { z } from 'zod';
import { parseGatewayConfig } from '../src/config/load-gateway-config.js';
import { startServer } from '../src/server.js';

const CLAUDE = 'claude-sonnet-4-5@20250929';
it('explore', async () => {
  const emu = await startOpenAICompatibleEmulator();
  const vertex = await startVertexEmulator();
  const config = parseGatewayConfig({
    server: { log_level: 'silent' },
    responses: { store: 'memory' },
    providers: {
      vllm: { type: 'openai-compatible', base_url: emu.url },
      vertex: {
        type: 'vertex',
        project: 'my-proj',
        region: 'us-east5',
        base_url: vertex.url,
        credentials: { type: 'access_token', token: DEFAULT_VERTEX_ACCESS_TOKEN },
        models: { [CLAUDE]: { max_output_tokens: 512 } },
      },
    },
    models: { fast: { targets: ['vllm:qwen3'] }, claude: { targets: [`vertex:${CLAUDE}`] } },
  });
  const gateway = await startServer({ config, env: {}, host: '127.0.0.1', port: 0, logger: false });
  const sent: Array<{ body: unknown; status: number; text: string }> = [];
  const provider = createOpenAI({
    baseURL: `${gateway.url}/v1`,
    apiKey: 'k',
    fetch: async (input, init) => {
      const r = await fetch(input, init);
      sent.push({
        body: JSON.parse(String(init?.body)),
        status: r.status,
        text: r.headers.get('content-type')?.includes('stream') ? '(stream)' : await r.clone().text(),
      });
      return r;
    },
  });
  const tools = {
    weather: tool({
      description: 'w',
      inputSchema: z.object({ city: z.string() }),
      execute: async ({ city }) => ({ city, tempC: 21 }),
    }),
  };
  try {
    vertex.enqueue({
      kind: 'anthropic-message',
      message: {
        content: [
          { type: 'text', text: 'Let me check.' },
          { type: 'tool_use', id: 'toolu_7', name: 'weather', input: { city: 'Paris' } },
        ],
        stop_reason: 'tool_use',
        usage: { input_tokens: 30, output_tokens: 10 },
      },
    });
    const t = await generateText({
      model: provider.responses('claude'),
      prompt: 'Weather in Paris?',
      tools,
      stopWhen: stepCountIs(3),
      maxRetries: 0,
    }).catch((e) => e);
    console.log('TOOL+TEXT', t instanceof Error ? t.message : t.text);
    vertex.enqueue({
      kind: 'anthropic-message',
      message: {
        content: [{ type: 'tool_use', id: 'toolu_8', name: 'weather', input: { city: 'Paris' } }],
        stop_reason: 'tool_use',
        usage: { input_tokens: 30, output_tokens: 10 },
      },
    });
    const s = streamText({
      model: provider.responses('claude'),
      prompt: 'Weather in Paris?',
      tools,
      stopWhen: stepCountIs(3),
      maxRetries: 0,
    });
    let acc = '';
    for await (const d of s.textStream) acc += d;
    console.log(
      'STREAMTOOL',
      acc,
      await s.finishReason,
      JSON.stringify(await s.totalUsage),
      JSON.stringify((await s.steps).map((x) => [x.finishReason, x.toolCalls, x.toolResults])),
    );
    const first = await generateText({
      model: provider.responses('fast'),
      prompt: 'Say hello.',
      providerOptions: { openai: { store: false } },
    });
    const second = await generateText({
      model: provider.responses('fast'),
      messages: [
        { role: 'user', content: 'Say hello.' },
        ...first.response.messages,
        { role: 'user', content: 'Again.' },
      ],
      providerOptions: { openai: { store: false } },
    });
    console.log('STOREFALSE', second.text, JSON.stringify(first.providerMetadata));
    const third = await generateText({
      model: provider.responses('fast'),
      prompt: 'Again please',
      providerOptions: {
        openai: { previousResponseId: second.providerMetadata?.openai?.responseId as string },
      },
    }).catch((e) => e);
    console.log('PREV', third instanceof Error ? third.message : third.text);
    for (const x of sent) console.log(JSON.stringify(x));
    console.log('UPSTREAM', JSON.stringify(emu.requests.map((r) => r.body)));
    console.log(
      'VERTEX',
      JSON.stringify(
        vertex.requests.map((r) => r.body),
        null,
        1,
      ),
    );
  } finally {
    await gateway.close();
    await emu.close();
    await vertex.close();
  }
  expect(1).toBe(1);
});
