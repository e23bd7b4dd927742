import type { Message, Warning } from '@modelmux/core';
import { describe, expect, it } from 'vitest';
import { convertToGeminiContents, type GeminiContents } from './convert-to-gemini-contents.js';

const user = (text: string): Message => ({ role: 'user', content: [{ type: 'text', text }] });
const SIGNATURE = 'CiQB0e2Kb7Zr0M8x1vQn4yLZ3w+/AbC=';

describe('convertToGeminiContents', () => {
  it.each<[string, Message[], GeminiContents, Warning[]]>([
    [
      'system and developer messages joined into the system instruction',
      [
        { role: 'system', content: 'You are terse.' },
        { role: 'system', content: 'Answer in French.', variant: 'developer' },
        user('hi'),
      ],
      {
        systemInstruction: { parts: [{ text: 'You are terse.\n\nAnswer in French.' }] },
        contents: [{ role: 'user', parts: [{ text: 'hi' }] }],
      },
      [],
    ],
    [
      'a late system message moved into the instruction, with a warning',
      [{ role: 'system', content: 'A' }, user('hi'), { role: 'system', content: 'B' }, user('again')],
      {
        systemInstruction: { parts: [{ text: 'A\n\nB' }] },
        contents: [{ role: 'user', parts: [{ text: 'hi' }, { text: 'again' }] }],
      },
      [{ type: 'compatibility', feature: 'system-message-position', detail: expect.any(String) }],
    ],
    [
      'user parts of every kind; empty text left out; names reported',
      [
        {
          role: 'user',
          name: 'ann',
          content: [
            { type: 'text', text: 'look' },
            { type: 'text', text: '' },
            {
              type: 'image',
              source: { kind: 'base64', mediaType: 'image/png', data: 'iVBO' },
              detail: 'auto',
            },
            { type: 'image', source: { kind: 'url', url: 'gs://b/cat.webp' }, detail: 'high' },
            { type: 'file', source: { kind: 'url', url: 'https://x.test/a.pdf' }, filename: 'a.pdf' },
          ],
        },
      ],
      {
        contents: [
          {
            role: 'user',
            parts: [
              { text: 'look' },
              { inlineData: { mimeType: 'image/png', data: 'iVBO' } },
              { fileData: { mimeType: 'image/webp', fileUri: 'gs://b/cat.webp' } },
              { fileData: { mimeType: 'application/pdf', fileUri: 'https://x.test/a.pdf' } },
            ],
          },
        ],
      },
      [
        {
          type: 'unsupported',
          feature: 'image-detail',
          detail: expect.stringContaining('messages[0].content[3]'),
        },
        { type: 'unsupported', feature: 'message-name', detail: expect.any(String) },
      ],
    ],
    [
      'a tool round trip with a minted id and a signature, merged with the next user turn',
      [
        user('Weather in Paris?'),
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'Need the tool.', signature: 'R1' },
            { type: 'text', text: 'Checking.' },
            {
              type: 'tool-call',
              callId: `call_0__thought__${SIGNATURE}`,
              toolName: 'get_weather',
              arguments: '{"city":"Paris"}',
            },
          ],
        },
        {
          role: 'tool',
          toolCallId: `call_0__thought__${SIGNATURE}`,
          content: [{ type: 'text', text: '{"temp":21}' }],
        },
        user('And tomorrow?'),
      ],
      {
        contents: [
          { role: 'user', parts: [{ text: 'Weather in Paris?' }] },
          {
            role: 'model',
            parts: [
              { text: 'Need the tool.', thought: true, thoughtSignature: 'R1' },
              { text: 'Checking.' },
              { functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: SIGNATURE },
            ],
          },
          {
            role: 'user',
            parts: [
              { functionResponse: { name: 'get_weather', response: { temp: 21 } } },
              { text: 'And tomorrow?' },
            ],
          },
        ],
      },
      [],
    ],
    [
      'parallel calls with Gemini ids; text, array and error results',
      [
        user('go'),
        {
          role: 'assistant',
          content: [
            { type: 'tool-call', callId: 'fc-1', toolName: 'lookup', arguments: '{"q":"a"}' },
            { type: 'tool-call', callId: 'fc-2', toolName: 'lookup', arguments: '' },
            { type: 'tool-call', callId: 'call_2', toolName: 'fail', arguments: ' {} ' },
          ],
        },
        { role: 'tool', toolCallId: 'fc-1', content: [{ type: 'text', text: 'plain text' }] },
        { role: 'tool', toolCallId: 'fc-2', content: [{ type: 'text', text: '[1,2]' }] },
        {
          role: 'tool',
          toolCallId: 'call_2',
          isError: true,
          content: [{ type: 'text', text: '{"code":"E42"}' }],
        },
      ],
      {
        contents: [
          { role: 'user', parts: [{ text: 'go' }] },
          {
            role: 'model',
            parts: [
              { functionCall: { id: 'fc-1', name: 'lookup', args: { q: 'a' } } },
              { functionCall: { id: 'fc-2', name: 'lookup', args: {} } },
              { functionCall: { name: 'fail', args: {} } },
            ],
          },
          {
            role: 'user',
            parts: [
              { functionResponse: { id: 'fc-1', name: 'lookup', response: { content: 'plain text' } } },
              { functionResponse: { id: 'fc-2', name: 'lookup', response: { content: '[1,2]' } } },
              { functionResponse: { name: 'fail', response: { error: { code: 'E42' } } } },
            ],
          },
        ],
      },
      [
        {
          type: 'compatibility',
          feature: 'tool-result-error',
          detail: expect.stringContaining('messages[4]'),
        },
      ],
    ],
    [
      'an error result in text and an image in a tool result',
      [
        user('go'),
        {
          role: 'assistant',
          content: [{ type: 'tool-call', callId: 'call_0', toolName: 'shot', arguments: '{}' }],
        },
        {
          role: 'tool',
          toolCallId: 'call_0',
          isError: true,
          content: [
            { type: 'text', text: 'partly ' },
            { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBO' } },
            { type: 'text', text: 'failed' },
          ],
        },
      ],
      {
        contents: [
          { role: 'user', parts: [{ text: 'go' }] },
          { role: 'model', parts: [{ functionCall: { name: 'shot', args: {} } }] },
          {
            role: 'user',
            parts: [
              { functionResponse: { name: 'shot', response: { error: 'partly failed' } } },
              { inlineData: { mimeType: 'image/png', data: 'iVBO' } },
            ],
          },
        ],
      },
      [
        {
          type: 'compatibility',
          feature: 'tool-result-image',
          detail: expect.stringContaining('messages[2].content[1]'),
        },
        { type: 'compatibility', feature: 'tool-result-error', detail: expect.any(String) },
      ],
    ],
    [
      'text-part signatures restored; unsigned reasoning dropped; refusal as text',
      [
        user('hi'),
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'from another provider' },
            { type: 'reasoning', text: '', redactedData: 'opaque' },
            { type: 'text', text: 'Hel' },
            { type: 'reasoning', text: '', signature: 'S1' },
            { type: 'text', text: 'lo' },
            { type: 'reasoning', text: '', signature: 'S2' },
          ],
          refusal: 'I cannot do that.',
        },
      ],
      {
        contents: [
          { role: 'user', parts: [{ text: 'hi' }] },
          {
            role: 'model',
            parts: [
              { text: 'Hel' },
              { text: 'lo', thoughtSignature: 'S1' },
              { text: '', thoughtSignature: 'S2' },
              { text: 'I cannot do that.' },
            ],
          },
        ],
      },
      [
        { type: 'compatibility', feature: 'refusal-history', detail: expect.any(String) },
        { type: 'compatibility', feature: 'reasoning-history', detail: expect.any(String) },
      ],
    ],
    [
      'an empty assistant turn left out',
      [user('a'), { role: 'assistant', content: [] }, user('b')],
      { contents: [{ role: 'user', parts: [{ text: 'a' }, { text: 'b' }] }] },
      [],
    ],
    [
      'a repeated minted id resolves to the latest call',
      [
        user('1'),
        {
          role: 'assistant',
          content: [{ type: 'tool-call', callId: 'call_0', toolName: 'first', arguments: '{}' }],
        },
        { role: 'tool', toolCallId: 'call_0', content: [{ type: 'text', text: 'x' }] },
        {
          role: 'assistant',
          content: [{ type: 'tool-call', callId: 'call_0', toolName: 'second', arguments: '{}' }],
        },
        { role: 'tool', toolCallId: 'call_0', content: [{ type: 'text', text: 'y' }] },
      ],
      {
        contents: [
          { role: 'user', parts: [{ text: '1' }] },
          { role: 'model', parts: [{ functionCall: { name: 'first', args: {} } }] },
          { role: 'user', parts: [{ functionResponse: { name: 'first', response: { content: 'x' } } }] },
          { role: 'model', parts: [{ functionCall: { name: 'second', args: {} } }] },
          { role: 'user', parts: [{ functionResponse: { name: 'second', response: { content: 'y' } } }] },
        ],
      },
      [],
    ],
  ])('%s', (_name, messages, expected, expectedWarnings) => {
    const warnings: Warning[] = [];
    expect(convertToGeminiContents(messages, warnings)).toEqual(expected);
    expect(warnings).toEqual(expectedWarnings);
  });

  it.each<[string, Message[], Record<string, unknown>]>([
    [
      'arguments that are not JSON',
      [
        user('a'),
        {
          role: 'assistant',
          content: [{ type: 'tool-call', callId: 'c', toolName: 'f', arguments: '{oops' }],
        },
      ],
      { code: 'MMX_REQUEST_INVALID', param: 'messages[1].content[0].arguments' },
    ],
    [
      'arguments that are a JSON array',
      [
        user('a'),
        { role: 'assistant', content: [{ type: 'tool-call', callId: 'c', toolName: 'f', arguments: '[1]' }] },
      ],
      { code: 'MMX_REQUEST_INVALID', param: 'messages[1].content[0].arguments' },
    ],
    [
      'a tool result for an unknown call',
      [user('a'), { role: 'tool', toolCallId: 'nope', content: [{ type: 'text', text: 'x' }] }],
      { code: 'MMX_REQUEST_INVALID', param: 'messages[1].tool_call_id' },
    ],
    [
      'a tool result before its call',
      [
        { role: 'tool', toolCallId: 'c', content: [{ type: 'text', text: 'x' }] },
        { role: 'assistant', content: [{ type: 'tool-call', callId: 'c', toolName: 'f', arguments: '{}' }] },
      ],
      { code: 'MMX_REQUEST_INVALID', param: 'messages[0].tool_call_id' },
    ],
    [
      'a file by id',
      [{ role: 'user', content: [{ type: 'file', source: { kind: 'file-id', fileId: 'file-1' } }] }],
      { code: 'MMX_FEATURE_UNSUPPORTED', param: 'messages[0].content[0]' },
    ],
  ])('refuses %s', (_name, messages, expected) => {
    expect(() => convertToGeminiContents(messages, [])).toThrow(expect.objectContaining(expected));
  });
});
