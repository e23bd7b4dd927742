import type { StoredReply } from '@modelmux/core';
import { describe, expect, it } from 'vitest';
import { decodeResponsesRequest } from './decode-responses-request.js';
import { responsesStoredReplies } from './responses-stored-replies.js';

const record: StoredReply = {
  id: 'resp_abc',
  createdAt: 1,
  response: {
    id: 'resp_abc',
    output: [
      {
        id: 'msg_out',
        type: 'message',
        role: 'assistant',
        content: [{ type: 'output_text', text: 'Noted.' }],
      },
    ],
  },
  inputItems: ['a', 'b', 'c', 'd', 'e'].map((text) => ({
    id: `msg_${text}`,
    type: 'message',
    role: 'user',
    content: [],
  })),
};

describe('responsesStoredReplies', () => {
  it('pages input items newest first by default, with first/last ids and has_more', () => {
    expect(responsesStoredReplies.encodeInputItems(record, { limit: '2' })).toEqual({
      object: 'list',
      data: [record.inputItems[4], record.inputItems[3]],
      first_id: 'msg_e',
      last_id: 'msg_d',
      has_more: true,
    });
    expect(responsesStoredReplies.encodeInputItems(record, { limit: '2', after: 'msg_d' })).toMatchObject({
      first_id: 'msg_c',
      last_id: 'msg_b',
      has_more: true,
    });
    expect(responsesStoredReplies.encodeInputItems(record, { order: 'asc', after: 'msg_c' })).toMatchObject({
      data: [record.inputItems[3], record.inputItems[4]],
      has_more: false,
    });
  });

  it.each([
    [{ limit: '0' }, 'limit'],
    [{ limit: '101' }, 'limit'],
    [{ order: 'sideways' }, 'order'],
    [{ after: 'msg_zzz' }, 'after'],
  ])('refuses the query %j naming %s', (query, param) => {
    expect(() => responsesStoredReplies.encodeInputItems(record, query)).toThrow(
      expect.objectContaining({ code: 'MMX_REQUEST_INVALID', param }),
    );
  });

  it('keeps the input items with ids and typed message content, and the chain link', () => {
    const decoded = decodeResponsesRequest({ model: 'm', input: 'Hello', previous_response_id: 'resp_prev' });
    const kept = responsesStoredReplies.recordOf({ id: 'resp_new0001', created_at: 5, output: [] }, decoded);
    expect(kept).toEqual({
      id: 'resp_new0001',
      createdAt: 5,
      response: { id: 'resp_new0001', created_at: 5, output: [] },
      inputItems: [
        {
          id: 'msg_new0001i00',
          type: 'message',
          status: 'completed',
          role: 'user',
          content: [{ type: 'input_text', text: 'Hello' }],
        },
      ],
      previousResponseId: 'resp_prev',
    });
  });

  it('puts the chain between the new instructions and the new input', () => {
    const decoded = decodeResponsesRequest({
      model: 'm',
      input: 'And now?',
      instructions: 'Be brief.',
      previous_response_id: 'resp_abc',
    });
    const request = responsesStoredReplies.continueRequest(
      decoded,
      [
        {
          ...record,
          inputItems: [
            { id: 'msg_1', type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hi' }] },
          ],
        },
      ],
      [],
    );
    expect(request.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Noted.' }] },
      { role: 'user', content: [{ type: 'text', text: 'And now?' }] },
    ]);
  });

  it('resolves item references from the replies that hold them, and finds which replies those are', () => {
    const suffix = 'ab'.repeat(24);
    const stored: StoredReply = {
      id: `resp_${suffix}`,
      createdAt: 1,
      response: {
        output: [
          {
            id: `msg_${suffix}00`,
            type: 'message',
            role: 'assistant',
            content: [{ type: 'output_text', text: 'Hello.' }],
          },
        ],
      },
      inputItems: [
        {
          id: `msg_${suffix}i00`,
          type: 'message',
          role: 'user',
          content: [{ type: 'input_text', text: 'Hi' }],
        },
      ],
    };
    const decoded = decodeResponsesRequest({
      model: 'm',
      input: [
        { type: 'item_reference', id: `msg_${suffix}i00` },
        { type: 'item_reference', id: `msg_${suffix}00` },
        { role: 'user', content: 'Again' },
      ],
    });
    expect(responsesStoredReplies.storage(decoded)).toEqual({
      store: true,
      referencedIds: [`resp_${suffix}`],
    });
    expect(responsesStoredReplies.continueRequest(decoded, [], [stored]).messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Hello.' }] },
      { role: 'user', content: [{ type: 'text', text: 'Again' }] },
    ]);
    expect(() => responsesStoredReplies.continueRequest(decoded, [], [])).toThrow(
      expect.objectContaining({ code: 'MMX_STORED_NOT_FOUND' }),
    );
    const foreign = decodeResponsesRequest({
      model: 'm',
      input: [{ type: 'item_reference', id: 'msg_client_made' }],
    });
    expect(() => responsesStoredReplies.storage(foreign)).toThrow(
      expect.objectContaining({ code: 'MMX_STORED_NOT_FOUND' }),
    );
  });
});
