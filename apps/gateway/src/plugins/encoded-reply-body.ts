import { SerializedJson } from '@modelmux/core';
import type { FastifyReply } from 'fastify';

/** What a route returns for an encoded result: JSON text a converter wrote itself goes out as it is. */
export function encodedReplyBody(reply: FastifyReply, encoded: unknown): unknown {
  if (!SerializedJson.isInstance(encoded)) return encoded;
  reply.type('application/json; charset=utf-8');
  return encoded.text;
}
