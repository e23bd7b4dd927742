import { readFileSync } from 'node:fs';
import {
  BedrockRuntimeClient,
  ConverseCommand,
  type ConverseCommandInput,
  ConverseStreamCommand,
} from '@aws-sdk/client-bedrock-runtime';
import type { CallContext, ChatModel, ChatRequest } from '@modelmux/core';
import { type BedrockEmulator, type BedrockRecordedRequest, startBedrockEmulator } from '@modelmux/testkit';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { Agent } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { bedrockPlugin } from './bedrock-plugin.js';

// The provider's Converse / ConverseStream bodies, checked against the input shapes of the Bedrock Runtime Smithy
// model (extracted by tools/extract-converse-shapes.mjs) and against what @aws-sdk/client-bedrock-runtime sends for
// the same call, both through the Bedrock emulator of @modelmux/testkit, which verifies the SigV4 signatures.

// ---------------------------------------------------------------------------------------------------------------
// A validator of JSON values against Smithy shapes (restJson1 serialisation)
// ---------------------------------------------------------------------------------------------------------------

type SmithyTraits = Record<string, unknown>;

interface SmithyMember {
  target: string;
  traits?: SmithyTraits;
}

interface SmithyShape {
  type: string;
  member?: SmithyMember;
  key?: SmithyMember;
  value?: SmithyMember;
  members?: Record<string, SmithyMember>;
  traits?: SmithyTraits;
}

interface ConverseInputShapes {
  source: { file: string; sha256: string; smithy: string };
  operations: Record<
    'Converse' | 'ConverseStream',
    { input: string; http: { method: string; uri: string; code: number } }
  >;
  shapes: Record<string, SmithyShape>;
}

const converseShapes = JSON.parse(
  readFileSync(new URL('./__fixtures__/bedrock-converse-input-shapes.json', import.meta.url), 'utf8'),
) as ConverseInputShapes;

const REQUIRED = 'smithy.api#required';
const HTTP_LABEL = 'smithy.api#httpLabel';
const HTTP_BINDINGS = [
  HTTP_LABEL,
  'smithy.api#httpHeader',
  'smithy.api#httpQuery',
  'smithy.api#httpPrefixHeaders',
];
const UNIT = 'smithy.api#Unit';
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const INTEGER_BOUNDS: Readonly<Record<string, readonly [number, number]>> = {
  byte: [-(2 ** 7), 2 ** 7 - 1],
  short: [-(2 ** 15), 2 ** 15 - 1],
  integer: [-(2 ** 31), 2 ** 31 - 1],
  long: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  bigInteger: [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY],
};
const NON_FINITE_FLOATS: readonly unknown[] = ['NaN', 'Infinity', '-Infinity'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

class SmithyValidator {
  readonly problems: string[] = [];

  constructor(private readonly shapes: Readonly<Record<string, SmithyShape>>) {}

  private shape(id: string): SmithyShape {
    const shape = this.shapes[id];
    if (shape === undefined) throw new Error(`Unknown Smithy shape ${id}`);
    return shape;
  }

  private problem(path: string, message: string): void {
    this.problems.push(`${path || '(body)'}: ${message}`);
  }

  /** Validates the HTTP body of an operation input: members bound to the path, headers or query must be absent. */
  validateInputBody(body: unknown, inputId: string): string[] {
    this.validate(body, inputId, undefined, '', true);
    return this.problems;
  }

  validate(
    value: unknown,
    id: string,
    memberTraits: SmithyTraits | undefined,
    path: string,
    isInput = false,
  ): void {
    const shape = this.shape(id);
    // A member's traits override the same traits of its target.
    const traits: SmithyTraits = { ...shape.traits, ...memberTraits };
    if (value === null) {
      this.problem(path, 'null is not a value of a non-sparse shape');
      return;
    }
    switch (shape.type) {
      case 'structure':
        this.validateStructure(value, shape, path, isInput);
        return;
      case 'union':
        this.validateUnion(value, shape, path);
        return;
      case 'list':
      case 'set':
        this.validateList(value, shape, traits, path);
        return;
      case 'map':
        this.validateMap(value, shape, traits, path);
        return;
      case 'string':
        this.validateString(value, traits, path);
        return;
      case 'enum':
        this.validateEnum(value, shape, path);
        return;
      case 'intEnum':
        this.validateIntEnum(value, shape, path);
        return;
      case 'byte':
      case 'short':
      case 'integer':
      case 'long':
      case 'bigInteger':
        this.validateInteger(value, shape.type, traits, path);
        return;
      case 'float':
      case 'double':
      case 'bigDecimal':
        this.validateFloat(value, traits, path);
        return;
      case 'boolean':
        if (typeof value !== 'boolean') this.problem(path, `expected a boolean, got ${describeValue(value)}`);
        return;
      case 'document':
        // Any JSON value; the body came from JSON.parse, so it is one.
        return;
      case 'blob':
        this.validateBlob(value, traits, path);
        return;
      case 'timestamp':
        this.validateTimestamp(value, traits, path);
        return;
      default:
        this.problem(path, `shape ${id} has the type ${shape.type}, which this validator does not know`);
    }
  }

  private validateStructure(value: unknown, shape: SmithyShape, path: string, isInput: boolean): void {
    if (!isObject(value)) {
      this.problem(path, `expected an object, got ${describeValue(value)}`);
      return;
    }
    const members = shape.members ?? {};
    for (const [name, member] of Object.entries(members)) {
      const bound = isInput && HTTP_BINDINGS.some((trait) => member.traits?.[trait] !== undefined);
      if (bound) {
        if (name in value)
          this.problem(
            `${path}${path ? '.' : ''}${name}`,
            'is bound to the HTTP request (path, header or query), so it must not be in the body',
          );
        continue;
      }
      if (member.traits?.[REQUIRED] !== undefined && value[name] === undefined)
        this.problem(`${path}${path ? '.' : ''}${name}`, 'is required');
    }
    for (const [name, memberValue] of Object.entries(value)) {
      const member = members[name];
      const memberPath = `${path}${path ? '.' : ''}${name}`;
      if (member === undefined) {
        this.problem(memberPath, 'is not a member of the shape');
        continue;
      }
      if (isInput && HTTP_BINDINGS.some((trait) => member.traits?.[trait] !== undefined)) continue;
      if (memberValue !== undefined) this.validate(memberValue, member.target, member.traits, memberPath);
    }
  }

  private validateUnion(value: unknown, shape: SmithyShape, path: string): void {
    if (!isObject(value)) {
      this.problem(path, `expected a union object, got ${describeValue(value)}`);
      return;
    }
    const set = Object.entries(value).filter(
      ([, memberValue]) => memberValue !== null && memberValue !== undefined,
    );
    if (set.length !== 1) {
      this.problem(
        path,
        `a union must have exactly one member set, got ${set.length} (${set.map(([name]) => name).join(', ')})`,
      );
    }
    for (const [name, memberValue] of set) {
      const member = shape.members?.[name];
      const memberPath = `${path}.${name}`;
      if (member === undefined) this.problem(memberPath, 'is not a member of the union');
      else if (member.target === UNIT) {
        if (!isObject(memberValue) || Object.keys(memberValue).length > 0)
          this.problem(memberPath, 'a unit member must be {}');
      } else this.validate(memberValue, member.target, member.traits, memberPath);
    }
  }

  private checkLength(count: number, traits: SmithyTraits, path: string, what: string): void {
    const length = traits['smithy.api#length'] as { min?: number; max?: number } | undefined;
    if (length === undefined) return;
    if (length.min !== undefined && count < length.min)
      this.problem(path, `${what} ${count} is below the minimum length ${length.min}`);
    if (length.max !== undefined && count > length.max)
      this.problem(path, `${what} ${count} is above the maximum length ${length.max}`);
  }

  private checkRange(value: number, traits: SmithyTraits, path: string): void {
    const range = traits['smithy.api#range'] as { min?: number; max?: number } | undefined;
    if (range === undefined) return;
    if (range.min !== undefined && value < range.min)
      this.problem(path, `${value} is below the minimum ${range.min}`);
    if (range.max !== undefined && value > range.max)
      this.problem(path, `${value} is above the maximum ${range.max}`);
  }

  private validateList(value: unknown, shape: SmithyShape, traits: SmithyTraits, path: string): void {
    if (!Array.isArray(value)) {
      this.problem(path, `expected an array, got ${describeValue(value)}`);
      return;
    }
    this.checkLength(value.length, traits, path, 'item count');
    const member = shape.member!;
    value.forEach((item, index) => {
      this.validate(item, member.target, member.traits, `${path}[${index}]`);
    });
  }

  private validateMap(value: unknown, shape: SmithyShape, traits: SmithyTraits, path: string): void {
    if (!isObject(value)) {
      this.problem(path, `expected an object (map), got ${describeValue(value)}`);
      return;
    }
    const entries = Object.entries(value);
    this.checkLength(entries.length, traits, path, 'entry count');
    for (const [key, entryValue] of entries) {
      this.validate(key, shape.key!.target, shape.key!.traits, `${path}{key ${JSON.stringify(key)}}`);
      this.validate(entryValue, shape.value!.target, shape.value!.traits, `${path}.${key}`);
    }
  }

  private validateString(value: unknown, traits: SmithyTraits, path: string): void {
    if (typeof value !== 'string') {
      this.problem(path, `expected a string, got ${describeValue(value)}`);
      return;
    }
    // Smithy counts the length of a string in Unicode code points.
    this.checkLength([...value].length, traits, path, 'length');
    const pattern = traits['smithy.api#pattern'];
    if (typeof pattern === 'string' && !new RegExp(pattern).test(value))
      this.problem(path, `${describeValue(value)} does not match the pattern ${pattern}`);
    const legacyEnum = traits['smithy.api#enum'] as Array<{ value: string }> | undefined;
    if (legacyEnum !== undefined && !legacyEnum.some((entry) => entry.value === value))
      this.problem(path, `${describeValue(value)} is not one of the enum values`);
  }

  private validateEnum(value: unknown, shape: SmithyShape, path: string): void {
    const values = Object.entries(shape.members ?? {}).map(
      ([name, member]): unknown => member.traits?.['smithy.api#enumValue'] ?? name,
    );
    if (!values.includes(value))
      this.problem(path, `${describeValue(value)} is not one of ${values.join(', ')}`);
  }

  private validateIntEnum(value: unknown, shape: SmithyShape, path: string): void {
    const values = Object.values(shape.members ?? {}).map(
      (member) => member.traits?.['smithy.api#enumValue'],
    );
    if (!values.includes(value))
      this.problem(path, `${describeValue(value)} is not one of ${values.join(', ')}`);
  }

  private validateInteger(value: unknown, type: string, traits: SmithyTraits, path: string): void {
    const [min, max] = INTEGER_BOUNDS[type]!;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.problem(path, `expected a ${type}, got ${describeValue(value)}`);
      return;
    }
    this.checkRange(value, traits, path);
  }

  private validateFloat(value: unknown, traits: SmithyTraits, path: string): void {
    if (NON_FINITE_FLOATS.includes(value)) return;
    if (typeof value !== 'number') {
      this.problem(path, `expected a number, got ${describeValue(value)}`);
      return;
    }
    this.checkRange(value, traits, path);
  }

  private validateBlob(value: unknown, traits: SmithyTraits, path: string): void {
    if (typeof value !== 'string' || !BASE64.test(value)) {
      this.problem(path, `expected a blob as a base64 string, got ${describeValue(value)}`);
      return;
    }
    // The length of a blob is its byte count.
    this.checkLength(Buffer.from(value, 'base64').length, traits, path, 'byte count');
  }

  private validateTimestamp(value: unknown, traits: SmithyTraits, path: string): void {
    const format = (traits['smithy.api#timestampFormat'] as string | undefined) ?? 'epoch-seconds';
    const valid =
      format === 'epoch-seconds'
        ? typeof value === 'number' && Number.isFinite(value)
        : typeof value === 'string' && !Number.isNaN(Date.parse(value));
    if (!valid) this.problem(path, `expected a ${format} timestamp, got ${describeValue(value)}`);
  }
}

function validateConverseBody(body: unknown, operation: 'Converse' | 'ConverseStream'): string[] {
  return new SmithyValidator(converseShapes.shapes).validateInputBody(
    body,
    converseShapes.operations[operation].input,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The provider and the SDK against the emulator
// ---------------------------------------------------------------------------------------------------------------

const CLAUDE = 'anthropic.claude-3-5-sonnet-20240620-v1:0';
const INFERENCE_PROFILE_ARN =
  'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20240620-v1:0';
const ACCESS_KEY_ID = 'AKIDEXAMPLE';
const SECRET_ACCESS_KEY = 'secret';
const REGION = 'us-east-1';
/** A 1×1 PNG. */
const PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const PDF_BASE64 = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
).toString('base64');
const REDACTED_BASE64 = 'RW1vS0FoZ0JFZ3kzdmEzcHppeA==';
const bytes = (base64: string) => new Uint8Array(Buffer.from(base64, 'base64'));

const logger = { debug() {}, info() {}, warn() {}, error() {} };
const context = (): CallContext => ({ signal: new AbortController().signal, requestId: 'parity', logger });
const user = (text: string) => ({ role: 'user' as const, content: [{ type: 'text' as const, text }] });

const weatherTool = {
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

let emulator: BedrockEmulator;
let dispatcher: Agent;
let client: BedrockRuntimeClient;

beforeAll(async () => {
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  emulator = await startBedrockEmulator({
    credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY },
  });
  dispatcher = new Agent();
  client = new BedrockRuntimeClient({
    region: REGION,
    endpoint: emulator.url,
    maxAttempts: 1,
    credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY },
    requestHandler: new NodeHttpHandler(),
  });
});

afterEach(() => emulator.reset());

afterAll(async () => {
  client.destroy();
  await dispatcher.close();
  await emulator.close();
  vi.unstubAllEnvs();
});

function chatModel(modelId: string): ChatModel {
  const provider = bedrockPlugin.create(
    bedrockPlugin.settingsSchema.parse({
      region: REGION,
      endpoint: emulator.url,
      credentials: { type: 'keys', access_key_id: ACCESS_KEY_ID, secret_access_key: SECRET_ACCESS_KEY },
    }),
    { id: 'bedrock', dispatcher, logger, now: Date.now, env: {} },
  );
  return provider.chatModel!(modelId);
}

/** Sends `request` through the provider and returns what the emulator received. */
async function sendWithProvider(
  modelId: string,
  request: ChatRequest,
  stream: boolean,
): Promise<BedrockRecordedRequest> {
  const model = chatModel(modelId);
  const before = emulator.requests.length;
  if (stream) {
    for await (const _event of await model.stream(request, context())) {
      // Drained so the exchange completes.
    }
  } else await model.generate(request, context());
  expect(emulator.requests).toHaveLength(before + 1);
  return emulator.requests.at(-1)!;
}

/** Sends the same call through @aws-sdk/client-bedrock-runtime and returns what the emulator received. */
async function sendWithSdk(input: ConverseCommandInput, stream: boolean): Promise<BedrockRecordedRequest> {
  const before = emulator.requests.length;
  if (stream) {
    const response = await client.send(new ConverseStreamCommand(input));
    for await (const _event of response.stream!) {
      // Drained so the exchange completes.
    }
  } else await client.send(new ConverseCommand(input));
  expect(emulator.requests).toHaveLength(before + 1);
  return emulator.requests.at(-1)!;
}

/** `Credential=<key>/<date>/<region>/<service>/aws4_request` of a SigV4 `authorization` header. */
function credentialScope(request: BedrockRecordedRequest) {
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,/.exec(
    String(request.headers.authorization),
  );
  expect(match, String(request.headers.authorization)).not.toBeNull();
  const [, accessKeyId, , region, service] = match!;
  return { accessKeyId, region, service };
}

function expectedPath(modelId: string, operation: 'Converse' | 'ConverseStream'): string {
  return converseShapes.operations[operation].http.uri.replace('{modelId}', encodeURIComponent(modelId));
}

interface CanonicalCase {
  name: string;
  modelId: string;
  stream: boolean;
  request: ChatRequest;
  /** Shows that the body carries what the case is about (the validation alone would pass an empty body). */
  carries: Record<string, unknown>;
}

const textWithSystem: ChatRequest = {
  messages: [{ role: 'system', content: 'Be terse.' }, user('What is the capital of France?')],
  maxOutputTokens: 256,
};

const multiTurn: ChatRequest = {
  messages: [
    { role: 'system', content: 'You are a geography tutor.' },
    { role: 'system', content: 'Answer in one sentence.', variant: 'developer' },
    user('Capital of France?'),
    { role: 'assistant', content: [{ type: 'text', text: 'Paris.' }] },
    user('And of Italy?'),
    { role: 'assistant', content: [{ type: 'text', text: 'Rome.' }] },
    user('And of Spain?'),
  ],
};

const imageAndDocument: ChatRequest = {
  messages: [
    {
      role: 'user',
      content: [
        { type: 'text', text: 'Describe the image and summarise the report.' },
        { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: PNG_BASE64 } },
        {
          type: 'file',
          source: { kind: 'base64', mediaType: 'application/pdf', data: PDF_BASE64 },
          filename: 'Q3 report.v2.pdf',
        },
      ],
    },
  ],
  maxOutputTokens: 512,
};

const toolHistory: ChatRequest = {
  messages: [
    user('Weather in Paris and Tokyo?'),
    {
      role: 'assistant',
      content: [
        { type: 'reasoning', text: 'Two cities: two calls.', signature: 'EqQBCkYIARgCKkD+sig==' },
        { type: 'reasoning', text: '', redactedData: REDACTED_BASE64 },
        { type: 'text', text: 'Let me check both.' },
        {
          type: 'tool-call',
          callId: 'tooluse_paris',
          toolName: 'get_weather',
          arguments: '{"city":"Paris"}',
        },
        {
          type: 'tool-call',
          callId: 'tooluse_tokyo',
          toolName: 'get_weather',
          arguments: '{"city":"Tokyo"}',
        },
        { type: 'tool-call', callId: 'tooluse_chart', toolName: 'get_weather', arguments: '' },
      ],
    },
    { role: 'tool', toolCallId: 'tooluse_paris', content: [{ type: 'text', text: '21°C, sunny' }] },
    {
      role: 'tool',
      toolCallId: 'tooluse_tokyo',
      content: [{ type: 'text', text: 'weather service timed out' }],
      isError: true,
    },
    {
      role: 'tool',
      toolCallId: 'tooluse_chart',
      content: [
        { type: 'text', text: 'chart:' },
        { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: PNG_BASE64 } },
      ],
    },
  ],
  tools: [weatherTool],
};

const samplingWithStop: ChatRequest = {
  messages: [user('Count to ten.')],
  maxOutputTokens: 100,
  temperature: 0.7,
  topP: 0.9,
  topK: 40,
  stopSequences: ['END', '\n\n'],
};

const jsonSchema: ChatRequest = {
  messages: [user('Give me a city and its country.')],
  responseFormat: {
    type: 'json-schema',
    name: 'city',
    schema: {
      type: 'object',
      properties: { city: { type: 'string' }, country: { type: 'string' } },
      required: ['city', 'country'],
      additionalProperties: false,
    },
  },
};

const claudeThinking: ChatRequest = {
  messages: [user('Prove that there are infinitely many primes.')],
  maxOutputTokens: 1000,
  reasoningEffort: 'low',
  providerOptions: {
    bedrock: {
      additional_model_request_fields: { anthropic_beta: ['interleaved-thinking-2025-05-14'] },
      latency: 'standard',
      guardrail_config: { guardrailIdentifier: 'abc123xyz789', guardrailVersion: '1', trace: 'enabled' },
    },
  },
};

const withMetadata: ChatRequest = {
  messages: [user('Hello')],
  metadata: { team: 'search', 'trace-id': '0af7651916cd43dd8448eb211c80319c', user: 'user@example.com' },
};

const canonicalCases: CanonicalCase[] = [
  {
    name: 'text with a system prompt',
    modelId: CLAUDE,
    stream: false,
    request: textWithSystem,
    carries: { system: [{ text: 'Be terse.' }], inferenceConfig: { maxTokens: 256 } },
  },
  {
    name: 'text with a system prompt, streamed',
    modelId: INFERENCE_PROFILE_ARN,
    stream: true,
    request: textWithSystem,
    carries: { system: [{ text: 'Be terse.' }] },
  },
  {
    name: 'a multi-turn conversation',
    modelId: CLAUDE,
    stream: false,
    request: multiTurn,
    carries: { system: [{ text: 'You are a geography tutor.' }, { text: 'Answer in one sentence.' }] },
  },
  {
    name: 'a base64 image and a pdf document',
    modelId: INFERENCE_PROFILE_ARN,
    stream: true,
    request: imageAndDocument,
    carries: {
      messages: [
        {
          content: [
            { text: 'Describe the image and summarise the report.' },
            { image: { format: 'png', source: { bytes: PNG_BASE64 } } },
            { document: { format: 'pdf', name: 'Q3 report-v2', source: { bytes: PDF_BASE64 } } },
          ],
        },
      ],
    },
  },
  ...(
    [
      ['auto', { type: 'auto' }, { toolConfig: { toolChoice: { auto: {} } } }],
      ['required', { type: 'required' }, { toolConfig: { toolChoice: { any: {} } } }],
      [
        'a named tool',
        { type: 'tool', toolName: 'get_weather' },
        { toolConfig: { toolChoice: { tool: { name: 'get_weather' } } } },
      ],
      ['none', { type: 'none' }, { messages: [{ role: 'user' }] }],
      [
        'unset',
        undefined,
        {
          toolConfig: {
            tools: [{ toolSpec: { name: 'get_weather' } }, { toolSpec: { name: 'get_time', strict: true } }],
          },
        },
      ],
    ] as const
  ).map(
    ([label, toolChoice, carries]): CanonicalCase => ({
      name: `tools with tool choice ${label}`,
      modelId: CLAUDE,
      stream: false,
      request: {
        messages: [user('Weather in Paris?')],
        tools: [
          weatherTool,
          { name: 'get_time', parameters: { type: 'object', properties: {} }, strict: true },
        ],
        ...(toolChoice === undefined ? {} : { toolChoice }),
      },
      carries,
    }),
  ),
  {
    name: 'tool history with results, an error result, an image result and reasoning with its signature',
    modelId: CLAUDE,
    stream: false,
    request: toolHistory,
    carries: {
      messages: [
        { role: 'user' },
        {
          role: 'assistant',
          content: expect.arrayContaining([
            {
              reasoningContent: {
                reasoningText: { text: 'Two cities: two calls.', signature: 'EqQBCkYIARgCKkD+sig==' },
              },
            },
            { reasoningContent: { redactedContent: REDACTED_BASE64 } },
          ]),
        },
        {
          role: 'user',
          content: expect.arrayContaining([
            {
              toolResult: {
                toolUseId: 'tooluse_tokyo',
                content: [{ text: 'weather service timed out' }],
                status: 'error',
              },
            },
          ]),
        },
      ],
    },
  },
  {
    name: 'tool history streamed, with tool choice none',
    modelId: INFERENCE_PROFILE_ARN,
    stream: true,
    request: { ...toolHistory, tools: undefined, toolChoice: { type: 'none' } },
    carries: { toolConfig: { tools: [{ toolSpec: { name: 'get_weather' } }] } },
  },
  {
    name: 'stop sequences and sampling',
    modelId: CLAUDE,
    stream: false,
    request: samplingWithStop,
    carries: {
      inferenceConfig: { maxTokens: 100, temperature: 0.7, topP: 0.9, stopSequences: ['END', '\n\n'] },
      additionalModelRequestFields: { top_k: 40 },
    },
  },
  {
    name: 'json_schema output (a forced tool)',
    modelId: CLAUDE,
    stream: false,
    request: jsonSchema,
    carries: { toolConfig: { toolChoice: { tool: { name: 'json_output' } } } },
  },
  {
    name: 'json_schema output through native structured output (Claude Sonnet 4.5)',
    modelId: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
    stream: false,
    request: jsonSchema,
    carries: { outputConfig: { textFormat: { type: 'json_schema' } } },
  },
  {
    name: 'json_object output, streamed',
    modelId: CLAUDE,
    stream: true,
    request: { ...jsonSchema, responseFormat: { type: 'json-object' } },
    carries: { toolConfig: { tools: [{ toolSpec: { inputSchema: { json: { type: 'object' } } } }] } },
  },
  {
    name: 'Claude thinking, guardrail and latency through additionalModelRequestFields and provider options',
    modelId: CLAUDE,
    stream: false,
    request: claudeThinking,
    carries: {
      additionalModelRequestFields: {
        thinking: { type: 'enabled', budget_tokens: 2048 },
        anthropic_beta: ['interleaved-thinking-2025-05-14'],
      },
      guardrailConfig: { trace: 'enabled' },
      performanceConfig: { latency: 'standard' },
    },
  },
  {
    name: 'Claude thinking, streamed',
    modelId: INFERENCE_PROFILE_ARN,
    stream: true,
    request: claudeThinking,
    carries: { additionalModelRequestFields: { thinking: { type: 'enabled' } } },
  },
  {
    name: 'requestMetadata',
    modelId: CLAUDE,
    stream: false,
    request: withMetadata,
    carries: { requestMetadata: withMetadata.metadata },
  },
];

describe('the Smithy validator', () => {
  it('was generated from the Bedrock Runtime model, with every referenced shape', () => {
    expect(converseShapes.source).toMatchObject({ file: 'bedrock-runtime.json', smithy: '2.0' });
    expect(converseShapes.source.sha256).toMatch(/^[0-9a-f]{64}$/);
    for (const [id, shape] of Object.entries(converseShapes.shapes)) {
      const targets = [shape.member, shape.key, shape.value, ...Object.values(shape.members ?? {})]
        .filter((member) => member !== undefined)
        .map((member) => member.target);
      for (const target of targets)
        expect(converseShapes.shapes, `${id} → ${target}`).toHaveProperty([target]);
    }
  });

  it('accepts a conforming body and reports each kind of violation with its path', () => {
    expect(
      validateConverseBody({ messages: [{ role: 'user', content: [{ text: 'hi' }] }] }, 'Converse'),
    ).toEqual([]);
    const problems = validateConverseBody(
      {
        modelId: CLAUDE,
        messages: [
          { role: 'tool', content: [{ text: 'a', image: { format: 'png', source: { bytes: 'iVBO' } } }] },
          { role: 'user', content: [{ image: { format: 'bmp', source: { bytes: 'not base64!' } } }, {}] },
          { content: [{ toolUse: { toolUseId: 'bad id', name: 'w', input: {} } }] },
        ],
        system: [{ text: '' }],
        inferenceConfig: { maxTokens: 0, temperature: 1.5, topP: '0.9', stopSequences: [] },
        toolConfig: { tools: [], toolChoice: { auto: {}, any: {} } },
        requestMetadata: {},
        unknownField: true,
      },
      'Converse',
    );
    expect(problems).toEqual([
      'modelId: is bound to the HTTP request (path, header or query), so it must not be in the body',
      'messages[0].role: "tool" is not one of user, assistant, system',
      'messages[0].content[0]: a union must have exactly one member set, got 2 (text, image)',
      'messages[1].content[0].image.format: "bmp" is not one of png, jpeg, gif, webp',
      'messages[1].content[0].image.source.bytes: expected a blob as a base64 string, got "not base64!"',
      'messages[1].content[1]: a union must have exactly one member set, got 0 ()',
      'messages[2].role: is required',
      'messages[2].content[0].toolUse.toolUseId: "bad id" does not match the pattern ^[a-zA-Z0-9_.:-]+$',
      'system[0].text: length 0 is below the minimum length 1',
      'inferenceConfig.maxTokens: 0 is below the minimum 1',
      'inferenceConfig.temperature: 1.5 is above the maximum 1',
      'inferenceConfig.topP: expected a number, got "0.9"',
      'toolConfig.tools: item count 0 is below the minimum length 1',
      'toolConfig.toolChoice: a union must have exactly one member set, got 2 (auto, any)',
      'requestMetadata: entry count 0 is below the minimum length 1',
      'unknownField: is not a member of the shape',
    ]);
  });
});

describe('Bedrock provider request bodies conform to the Converse input shapes of the Smithy model', () => {
  it.each(canonicalCases)('$name', async ({ modelId, stream, request, carries }) => {
    const operation = stream ? 'ConverseStream' : 'Converse';
    const recorded = await sendWithProvider(modelId, request, stream);
    expect(recorded.method).toBe(converseShapes.operations[operation].http.method);
    expect(recorded.path).toBe(expectedPath(modelId, operation));
    expect(recorded.modelId).toBe(modelId);
    expect(recorded.signatureValid).toBe(true);
    expect(recorded.body).toMatchObject(carries);
    expect(validateConverseBody(recorded.body, operation)).toEqual([]);
  });
});

interface ParityCase {
  name: string;
  modelId: string;
  stream: boolean;
  request: ChatRequest;
  /** The same call as ConverseCommandInput, binary fields as bytes, as an SDK user writes it. */
  sdkInput: Omit<ConverseCommandInput, 'modelId'>;
}

const parityCases: ParityCase[] = [
  {
    name: 'text with a system prompt',
    modelId: CLAUDE,
    stream: false,
    request: textWithSystem,
    sdkInput: {
      system: [{ text: 'Be terse.' }],
      messages: [{ role: 'user', content: [{ text: 'What is the capital of France?' }] }],
      inferenceConfig: { maxTokens: 256 },
    },
  },
  {
    name: 'a base64 image and a pdf document, streamed, through an inference profile ARN',
    modelId: INFERENCE_PROFILE_ARN,
    stream: true,
    request: imageAndDocument,
    sdkInput: {
      messages: [
        {
          role: 'user',
          content: [
            { text: 'Describe the image and summarise the report.' },
            { image: { format: 'png', source: { bytes: bytes(PNG_BASE64) } } },
            { document: { format: 'pdf', name: 'Q3 report-v2', source: { bytes: bytes(PDF_BASE64) } } },
          ],
        },
      ],
      inferenceConfig: { maxTokens: 512 },
    },
  },
  {
    name: 'tools with a named tool choice',
    modelId: INFERENCE_PROFILE_ARN,
    stream: false,
    request: {
      messages: [user('Weather in Paris?')],
      tools: [weatherTool],
      toolChoice: { type: 'tool', toolName: 'get_weather' },
    },
    sdkInput: {
      messages: [{ role: 'user', content: [{ text: 'Weather in Paris?' }] }],
      toolConfig: {
        tools: [
          {
            toolSpec: {
              name: 'get_weather',
              description: 'Weather for a city',
              inputSchema: { json: weatherTool.parameters },
            },
          },
        ],
        toolChoice: { tool: { name: 'get_weather' } },
      },
    },
  },
  {
    name: 'tool history with results, an error result and reasoning with its signature',
    modelId: CLAUDE,
    stream: false,
    request: toolHistory,
    sdkInput: {
      messages: [
        { role: 'user', content: [{ text: 'Weather in Paris and Tokyo?' }] },
        {
          role: 'assistant',
          content: [
            {
              reasoningContent: {
                reasoningText: { text: 'Two cities: two calls.', signature: 'EqQBCkYIARgCKkD+sig==' },
              },
            },
            { reasoningContent: { redactedContent: bytes(REDACTED_BASE64) } },
            { text: 'Let me check both.' },
            { toolUse: { toolUseId: 'tooluse_paris', name: 'get_weather', input: { city: 'Paris' } } },
            { toolUse: { toolUseId: 'tooluse_tokyo', name: 'get_weather', input: { city: 'Tokyo' } } },
            { toolUse: { toolUseId: 'tooluse_chart', name: 'get_weather', input: {} } },
          ],
        },
        {
          role: 'user',
          content: [
            { toolResult: { toolUseId: 'tooluse_paris', content: [{ text: '21°C, sunny' }] } },
            {
              toolResult: {
                toolUseId: 'tooluse_tokyo',
                content: [{ text: 'weather service timed out' }],
                status: 'error',
              },
            },
            {
              toolResult: {
                toolUseId: 'tooluse_chart',
                content: [
                  { text: 'chart:' },
                  { image: { format: 'png', source: { bytes: bytes(PNG_BASE64) } } },
                ],
              },
            },
          ],
        },
      ],
      toolConfig: {
        tools: [
          {
            toolSpec: {
              name: 'get_weather',
              description: 'Weather for a city',
              inputSchema: { json: weatherTool.parameters },
            },
          },
        ],
      },
    },
  },
  {
    name: 'Claude thinking, sampling, stop sequences and requestMetadata, streamed through an inference profile ARN',
    modelId: INFERENCE_PROFILE_ARN,
    stream: true,
    request: {
      messages: [user('Prove that there are infinitely many primes.')],
      maxOutputTokens: 4000,
      topP: 0.95,
      stopSequences: ['END'],
      reasoningEffort: 'low',
      metadata: withMetadata.metadata,
      providerOptions: { bedrock: { latency: 'optimized' } },
    },
    sdkInput: {
      messages: [{ role: 'user', content: [{ text: 'Prove that there are infinitely many primes.' }] }],
      inferenceConfig: { maxTokens: 4000, topP: 0.95, stopSequences: ['END'] },
      additionalModelRequestFields: { thinking: { type: 'enabled', budget_tokens: 2048 } },
      requestMetadata: withMetadata.metadata,
      performanceConfig: { latency: 'optimized' },
    },
  },
];

describe('Bedrock provider requests equal what @aws-sdk/client-bedrock-runtime sends for the same call', () => {
  it.each(parityCases)('$name', async ({ modelId, stream, request, sdkInput }) => {
    const provider = await sendWithProvider(modelId, request, stream);
    const sdk = await sendWithSdk({ modelId, ...sdkInput }, stream);

    expect(provider.method).toBe(sdk.method);
    expect(provider.path).toBe(sdk.path);
    expect(provider.path).toBe(expectedPath(modelId, stream ? 'ConverseStream' : 'Converse'));
    expect(provider.headers['content-type']).toBe(sdk.headers['content-type']);
    expect(credentialScope(provider)).toEqual(credentialScope(sdk));
    expect(credentialScope(provider)).toEqual({
      accessKeyId: ACCESS_KEY_ID,
      region: REGION,
      service: 'bedrock',
    });
    expect(provider.signatureValid).toBe(true);
    expect(sdk.signatureValid).toBe(true);
    expect(provider.body).toEqual(sdk.body);
    expect(validateConverseBody(sdk.body, stream ? 'ConverseStream' : 'Converse')).toEqual([]);
  });
});
