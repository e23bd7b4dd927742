import {
  type ChatRequest,
  type DecodedRequest,
  type ReplyStore,
  type StoredReplies,
  type StoredReply,
  StoreError,
  UnsupportedFeatureError,
} from '@modelmux/core';
import type { FastifyInstance } from 'fastify';

/** How far back a `previous_response_id` chain is followed. */
const MAX_CHAIN_LENGTH = 1000;

/** The store, or a 400 when this gateway keeps no replies but the request needs them. */
function requireStore(app: FastifyInstance, param: string): ReplyStore {
  const store = app.modelmuxReplies.store();
  if (store === undefined)
    throw new UnsupportedFeatureError({
      feature: 'stored-responses',
      message: 'This gateway keeps no responses ([responses] store = "none").',
      param,
    });
  return store;
}

/** A stored reply by id, or `MMX_STORED_NOT_FOUND` (404) in the API's words. */
export async function getKeptReply(app: FastifyInstance, id: string, param = 'id'): Promise<StoredReply> {
  const record = await requireStore(app, param).get(id);
  if (record === undefined)
    throw new StoreError({ code: 'MMX_STORED_NOT_FOUND', message: `Response with id '${id}' not found.` });
  return record;
}

/**
 * The request to send: the decoded one, or — when it continues a kept reply — with the conversation of the whole
 * chain put before it (oldest first), and its references to kept items resolved. A missing or expired link or item
 * is `MMX_STORED_NOT_FOUND`.
 */
export async function requestWithHistory(
  app: FastifyInstance,
  stored: StoredReplies,
  decoded: DecodedRequest<ChatRequest>,
): Promise<ChatRequest> {
  const { previousId, referencedIds } = stored.storage(decoded);
  if (previousId === undefined && referencedIds === undefined) return decoded.request;
  const chain: StoredReply[] = [];
  let next: string | undefined = previousId;
  while (next !== undefined && chain.length < MAX_CHAIN_LENGTH) {
    const record: StoredReply = await getKeptReply(app, next, 'previous_response_id');
    chain.push(record);
    next = record.previousResponseId;
  }
  const referenced: StoredReply[] = [];
  for (const id of referencedIds ?? []) referenced.push(await getKeptReply(app, id, 'input'));
  return stored.continueRequest(decoded, chain.reverse(), referenced);
}

/**
 * Keeps a finished reply when the request asked for it and the gateway has a store. Resolves once the write is
 * durable; a failure rejects with `StoreError`, so nothing unsaved is reported as saved.
 */
export async function keepReply(
  app: FastifyInstance,
  stored: StoredReplies,
  decoded: DecodedRequest<ChatRequest>,
  reply: unknown,
): Promise<void> {
  if (reply === undefined || !stored.storage(decoded).store) return;
  const store = app.modelmuxReplies.store();
  if (store === undefined) return;
  await store.put(stored.recordOf(reply, decoded), app.modelmuxReplies.retentionSeconds);
}
