import { defineApiPlugin } from '@modelmux/core';
import { responsesConverter } from './responses-converter.js';
import { responsesStoredReplies } from './responses-stored-replies.js';

/** `POST /v1/responses`, and `GET`/`DELETE /v1/responses/{id}` and `GET /v1/responses/{id}/input_items`. */
export const responsesApiPlugin = defineApiPlugin({
  name: '@modelmux/api-responses',
  core: '^1.0.0',
  routes: [
    {
      method: 'POST',
      path: '/v1/responses',
      operation: 'chat',
      converter: responsesConverter,
      stored: responsesStoredReplies,
      passthroughApi: 'responses',
    },
    {
      method: 'GET',
      path: '/v1/responses/:id',
      operation: 'stored-get',
      stored: responsesStoredReplies,
      converter: responsesConverter,
    },
    {
      method: 'DELETE',
      path: '/v1/responses/:id',
      operation: 'stored-delete',
      stored: responsesStoredReplies,
      converter: responsesConverter,
    },
    {
      method: 'GET',
      path: '/v1/responses/:id/input_items',
      operation: 'stored-input-items',
      stored: responsesStoredReplies,
      converter: responsesConverter,
    },
  ],
});
