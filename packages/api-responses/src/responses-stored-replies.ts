import {
  InvalidRequestError,
  type Message,
  type StoredReplies,
  type StoredReply,
  StoreError,
} from '@modelmux/core';
import { convertResponsesInputItems } from './convert-responses-input-items.js';
import type { ResponsesEncodeOptions } from './decode-responses-request.js';

type Item = Record<string, unknown>;

const ITEM_ID_PREFIXES: Readonly<Record<string, string>> = {
  message: 'msg',
  function_call: 'fc',
  function_call_output: 'fco',
  reasoning: 'rs',
};

/** An input item as `input_items` lists it: typed, with an id, and message text as `input_text` parts. */
function normalizeInputItem(item: Item, responseId: string, index: number): Item {
  const type = typeof item.type === 'string' ? item.type : 'message';
  const id =
    typeof item.id === 'string'
      ? item.id
      : `${ITEM_ID_PREFIXES[type] ?? 'item'}_${responseId.slice(5)}i${index.toString(16).padStart(2, '0')}`;
  if (type !== 'message') return { ...item, id };
  const partType = item.role === 'assistant' ? 'output_text' : 'input_text';
  const content = typeof item.content === 'string' ? [{ type: partType, text: item.content }] : item.content;
  return { id, type: 'message', status: 'completed', role: item.role, content };
}

/** A stored reply's input items, then its output items: the turn as a conversation. */
function itemsOf(record: StoredReply): Item[] {
  const output = Array.isArray(record.response.output) ? (record.response.output as Item[]) : [];
  return [...record.inputItems, ...output];
}

/**
 * The response an item id of this gateway belongs to: item ids are `<prefix>_` + the response id's 48 hex digits + an
 * index (see `outputItemId`, `normalizeInputItem`); undefined for ids the gateway did not make.
 */
function responseIdOfItem(itemId: string): string | undefined {
  const match = /^[a-z]+_([0-9a-f]{48})i?[0-9a-f]{2,}$/.exec(itemId);
  return match === null ? undefined : `resp_${match[1]}`;
}

function itemNotFound(id: string): StoreError {
  return new StoreError({ code: 'MMX_STORED_NOT_FOUND', message: `Item with id '${id}' not found.` });
}

function options(decoded: { encodeOptions?: Record<string, unknown> }): ResponsesEncodeOptions {
  return decoded.encodeOptions as unknown as ResponsesEncodeOptions;
}

/**
 * The Responses API's stored responses: `store` (default true) keeps the response and its input items;
 * `previous_response_id` puts the stored chain's input and output items before the request's own input (after its
 * `instructions`, which are not inherited, as in OpenAI's API).
 */
export const responsesStoredReplies: StoredReplies = {
  storage(decoded) {
    const { store, previousResponseId, referencedItemIds } = options(decoded);
    const storage: ReturnType<StoredReplies['storage']> = { store };
    if (previousResponseId !== undefined) storage.previousId = previousResponseId;
    if (referencedItemIds !== undefined) {
      const ids = new Set<string>();
      for (const itemId of referencedItemIds) {
        const responseId = responseIdOfItem(itemId);
        if (responseId === undefined) throw itemNotFound(itemId);
        ids.add(responseId);
      }
      storage.referencedIds = [...ids];
    }
    return storage;
  },

  continueRequest(decoded, chain, referenced) {
    const history: Message[] = [];
    for (const record of chain)
      history.push(...convertResponsesInputItems(itemsOf(record), 'previous_response_id', []));
    const { echo, inputItems, referencedItemIds } = options(decoded);
    const instructions = typeof echo.instructions === 'string' ? 1 : 0;
    let { messages } = decoded.request;
    if (referencedItemIds !== undefined) {
      // The turn's own input again, now with its references resolved from the replies that hold them.
      const byId = new Map<string, Item>();
      for (const record of referenced)
        for (const item of itemsOf(record)) if (typeof item.id === 'string') byId.set(item.id, item);
      const resolve = (id: string): Item => {
        const item = byId.get(id);
        if (item === undefined) throw itemNotFound(id);
        return item;
      };
      messages = [
        ...messages.slice(0, instructions),
        ...convertResponsesInputItems(inputItems, 'input', [], resolve),
      ];
    }
    return {
      ...decoded.request,
      messages: [...messages.slice(0, instructions), ...history, ...messages.slice(instructions)],
    };
  },

  recordOf(reply, decoded) {
    const response = reply as Item;
    const id = String(response.id);
    const { inputItems, previousResponseId } = options(decoded);
    const record: StoredReply = {
      id,
      createdAt: Number(response.created_at),
      response,
      inputItems: inputItems.map((item, index) => normalizeInputItem(item, id, index)),
    };
    if (previousResponseId !== undefined) record.previousResponseId = previousResponseId;
    return record;
  },

  encodeRetrieved: (record) => record.response,

  encodeDeleted: (id) => ({ id, object: 'response', deleted: true }),

  encodeInputItems(record, query) {
    const limit = query.limit === undefined ? 20 : Number(query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100)
      throw new InvalidRequestError({ message: "'limit' must be an integer from 1 to 100.", param: 'limit' });
    const order = query.order ?? 'desc';
    if (order !== 'asc' && order !== 'desc')
      throw new InvalidRequestError({ message: "'order' must be 'asc' or 'desc'.", param: 'order' });
    const ordered = order === 'asc' ? record.inputItems : [...record.inputItems].reverse();
    let start = 0;
    if (query.after !== undefined) {
      const index = ordered.findIndex((item) => item.id === query.after);
      if (index < 0)
        throw new InvalidRequestError({
          message: `No input item '${query.after}' in this response.`,
          param: 'after',
        });
      start = index + 1;
    }
    const data = ordered.slice(start, start + limit);
    return {
      object: 'list',
      data,
      first_id: data[0]?.id ?? null,
      last_id: data.at(-1)?.id ?? null,
      has_more: start + limit < ordered.length,
    };
  },
};
