import type { Warning } from '@modelmux/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { encodeWarningsHeader } from '../encode-warnings-header.js';

/** Reports lossy translations in the `x-modelmux-warnings` header and the log. */
export function setWarnings(reply: FastifyReply, request: FastifyRequest, warnings: Warning[]): void {
  if (warnings.length === 0) return;
  reply.header('x-modelmux-warnings', encodeWarningsHeader(warnings));
  request.log.warn({ warnings }, 'the request was not translated exactly');
}
