import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { ModelmuxError } from '@modelmux/core';
import type { FastifyInstance } from 'fastify';
import { encodeGatewayError } from './encode-gateway-error.js';

/** What Node's HTTP parser reports for a request it cannot read. */
type ClientError = Error & { code?: string };

/** The status and message for each parser failure; anything else is a 400. */
function describe(error: ClientError): { status: number; message: string } {
  if (error.code === 'HPE_HEADER_OVERFLOW')
    return {
      status: 431,
      message: 'The request headers are larger than this gateway accepts (server.max_header_bytes).',
    };
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return { status: 408, message: 'The request was not received in time.' };
  return { status: 400, message: 'The request is not valid HTTP.' };
}

/** The raw HTTP response for a request Node could not parse: an OpenAI-shaped error, then the connection closes. */
function rawResponse(status: number, message: string): string {
  const encoded = encodeGatewayError(
    new ModelmuxError({ code: 'MMX_REQUEST_INVALID', message, httpStatus: status }),
  );
  const body = JSON.stringify(encoded.body);
  const headers = Object.entries(encoded.headers ?? {})
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  return (
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
    `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
    `${headers}connection: close\r\n\r\n${body}`
  );
}

/**
 * Fastify's `clientErrorHandler`: answers a request Node's parser rejected — headers over `server.max_header_bytes`
 * (431), a request that timed out (408), malformed HTTP (400) — in OpenAI's error shape, and closes that connection;
 * the server keeps serving others. Logged at debug with the parser's code only: the error's `rawPacket` holds the
 * request's bytes, credentials included, and is never logged.
 */
export function clientErrorHandler(this: FastifyInstance, error: ClientError, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, message } = describe(error);
  this.log.debug({ code: error.code, status }, 'a request could not be parsed');
  if (socket.writable) socket.end(rawResponse(status, message));
  else socket.destroy();
}
