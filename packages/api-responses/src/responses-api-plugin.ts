import { defineApiPlugin } from '@modelmux/core';
import { responsesConverter } from './responses-converter.js';

/** `POST /v1/responses`. */
export const responsesApiPlugin = defineApiPlugin({
  name: '@modelmux/api-responses',
  core: '^1.0.0',
  routes: [{ method: 'POST', path: '/v1/responses', operation: 'chat', converter: responsesConverter }],
});
