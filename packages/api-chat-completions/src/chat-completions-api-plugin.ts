import { defineApiPlugin } from '@modelmux/core';
import { chatCompletionsConverter } from './chat-completions-converter.js';
import { encodeModelsList } from './encode-models-list.js';

/** `POST /v1/chat/completions` and `GET /v1/models`. */
export const chatCompletionsApiPlugin = defineApiPlugin({
  name: '@modelmux/api-chat-completions',
  core: '^1.0.0',
  routes: [
    { method: 'POST', path: '/v1/chat/completions', operation: 'chat', converter: chatCompletionsConverter },
    { method: 'GET', path: '/v1/models', operation: 'list-models', encodeModels: encodeModelsList },
  ],
});
