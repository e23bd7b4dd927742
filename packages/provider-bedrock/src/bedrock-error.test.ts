import { Readable } from 'node:stream';
import type { UpstreamResponse } from '@modelmux/core/http';
import { describe, expect, it } from 'vitest';
import {
  createBedrockFailedResponseHandler,
  mapBedrockStreamException,
  normalizeBedrockExceptionType,
} from './bedrock-error.js';

const URL = 'https://bedrock-runtime.us-east-1.amazonaws.com/model/m/converse';

function response(statusCode: number, body: string, headers: Record<string, string> = {}): UpstreamResponse {
  const stream = Readable.from([Buffer.from(body)]);
  return {
    url: URL,
    statusCode,
    headers,
    body: Object.assign(stream, {
      text: async () => body,
    }) as unknown as UpstreamResponse['body'],
  };
}

const errorType = (type: string) => ({
  'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
  'x-amzn-requestid': 'req-1',
});

describe('createBedrockFailedResponseHandler', () => {
  const handle = createBedrockFailedResponseHandler({
    redact: (text) => text.replaceAll('s3cret-key', '[KEY]'),
  });

  it.each([
    ['ThrottlingException', 429, 'MMX_UPSTREAM_RATE_LIMITED', 429, true],
    ['ThrottlingException', 400, 'MMX_UPSTREAM_RATE_LIMITED', 429, true],
    ['ServiceQuotaExceededException', 400, 'MMX_UPSTREAM_RATE_LIMITED', 429, true],
    ['ValidationException', 400, 'MMX_UPSTREAM_BAD_REQUEST', 400, false],
    ['AccessDeniedException', 403, 'MMX_UPSTREAM_AUTH', 502, false],
    ['UnrecognizedClientException', 403, 'MMX_UPSTREAM_AUTH', 502, false],
    ['InvalidSignatureException', 403, 'MMX_UPSTREAM_AUTH', 502, false],
    ['ExpiredTokenException', 400, 'MMX_UPSTREAM_AUTH', 502, false],
    ['ResourceNotFoundException', 404, 'MMX_UPSTREAM_BAD_REQUEST', 400, false],
    ['ServiceUnavailableException', 503, 'MMX_UPSTREAM_OVERLOADED', 503, true],
    ['ModelNotReadyException', 429, 'MMX_UPSTREAM_OVERLOADED', 503, true],
    ['ModelTimeoutException', 408, 'MMX_UPSTREAM_SERVER', 502, true],
    ['InternalServerException', 500, 'MMX_UPSTREAM_SERVER', 502, true],
    ['ModelErrorException', 424, 'MMX_UPSTREAM_SERVER', 502, true],
    ['SomethingNewException', 409, 'MMX_UPSTREAM_SERVER', 502, true],
    ['SomethingNewException', 422, 'MMX_UPSTREAM_BAD_REQUEST', 400, false],
  ])('%s with HTTP %i → %s', async (type, status, code, httpStatus, retryable) => {
    const error = await handle(response(status, '{"message":"it went wrong"}', errorType(type)));
    expect(error).toMatchObject({
      code,
      httpStatus,
      retryable,
      statusCode: status,
      upstreamCode: type,
      upstreamRequestId: 'req-1',
      message: 'it went wrong',
    });
  });

  it('reads `Message`, `__type` and Retry-After, and redacts the instance secrets', async () => {
    const error = await handle(
      response(
        400,
        '{"__type":"com.amazon.coral.service#ThrottlingException","Message":"slow down s3cret-key"}',
        {
          'retry-after': '3',
        },
      ),
    );
    expect(error).toMatchObject({
      code: 'MMX_UPSTREAM_RATE_LIMITED',
      upstreamCode: 'ThrottlingException',
      retryAfterMs: 3000,
      message: 'slow down [KEY]',
    });
  });

  it('takes the code from the header when the body is not JSON', async () => {
    const error = await handle(response(400, '<html>Throttled</html>', errorType('ThrottlingException')));
    expect(error).toMatchObject({
      code: 'MMX_UPSTREAM_RATE_LIMITED',
      upstreamCode: 'ThrottlingException',
      message: '<html>Throttled</html>',
      upstreamRequestId: 'req-1',
    });
  });

  it('falls back to the status without a type', async () => {
    expect(await handle(response(403, ''))).toMatchObject({ code: 'MMX_UPSTREAM_AUTH', message: 'HTTP 403' });
  });
});

describe('normalizeBedrockExceptionType', () => {
  it.each([
    ['ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/', 'ValidationException'],
    ['com.amazon.coral.service#UnrecognizedClientException', 'UnrecognizedClientException'],
    ['throttlingException', 'ThrottlingException'],
  ])('%s → %s', (raw, expected) => {
    expect(normalizeBedrockExceptionType(raw)).toBe(expected);
  });
});

describe('mapBedrockStreamException', () => {
  it.each([
    ['throttlingException', 'MMX_UPSTREAM_RATE_LIMITED', 429, true],
    ['validationException', 'MMX_UPSTREAM_BAD_REQUEST', 400, false],
    ['modelStreamErrorException', 'MMX_UPSTREAM_SERVER', 424, true],
    ['serviceUnavailableException', 'MMX_UPSTREAM_OVERLOADED', 503, true],
    ['internalServerException', 'MMX_UPSTREAM_SERVER', 500, true],
    ['InternalFailure', 'MMX_UPSTREAM_SERVER', 500, true],
  ])('%s → %s', (exceptionType, code, statusCode, retryable) => {
    const error = mapBedrockStreamException(
      { kind: 'exception', exceptionType, message: 'stream failed', payload: { message: 'stream failed' } },
      { providerId: 'b', modelId: 'm', url: URL },
    );
    expect(error).toMatchObject({
      code,
      statusCode,
      retryable,
      message: 'stream failed',
      providerId: 'b',
      modelId: 'm',
    });
    expect(error.upstreamCode).toBe(normalizeBedrockExceptionType(exceptionType));
  });

  it("keeps modelStreamErrorException's original status and message", () => {
    const error = mapBedrockStreamException({
      kind: 'exception',
      exceptionType: 'modelStreamErrorException',
      message: '',
      payload: { originalStatusCode: 500, originalMessage: 'model crashed' },
    });
    expect(error.message).toBe(
      'Bedrock ModelStreamErrorException in the stream (model said: 500 model crashed)',
    );
  });
});
