import { type InputItemsQuery, type StoredReplies, StoreError } from '@modelmux/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { getKeptReply } from './kept-replies.js';

type Operation = 'stored-get' | 'stored-delete' | 'stored-input-items';

/** Serves `GET`/`DELETE …/{id}` and `GET …/{id}/input_items` of an API that keeps replies. */
export function createKeptReplyHandler(app: FastifyInstance, operation: Operation, stored: StoredReplies) {
  return async function handleKeptReply(request: FastifyRequest): Promise<unknown> {
    const { id } = request.params as { id: string };
    if (operation === 'stored-get') return stored.encodeRetrieved(await getKeptReply(app, id));
    if (operation === 'stored-input-items')
      return stored.encodeInputItems(await getKeptReply(app, id), request.query as InputItemsQuery);
    const store = app.modelmuxReplies.store();
    if (store === undefined || !(await store.delete(id)))
      throw new StoreError({ code: 'MMX_STORED_NOT_FOUND', message: `Response with id '${id}' not found.` });
    return stored.encodeDeleted(id);
  };
}
