import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from './error-codes.js';
import {
  ConfigError,
  InvalidRequestError,
  ModelmuxError,
  NoSuchModelError,
  UpstreamError,
  UpstreamResponseError,
  UpstreamTransportError,
} from './index.js';

describe('ModelmuxError', () => {
  it('is recognised by marker, not prototype, so a second copy of core still matches', () => {
    const error = new UpstreamError({ statusCode: 429, message: 'slow down' });
    const foreign = Object.assign(Object.create(null), error);
    for (const symbol of Object.getOwnPropertySymbols(error)) foreign[symbol] = true;
    expect(ModelmuxError.isInstance(foreign)).toBe(true);
    expect(UpstreamError.isInstance(error)).toBe(true);
    expect(InvalidRequestError.isInstance(error)).toBe(false);
    expect(ModelmuxError.isInstance(new Error('x'))).toBe(false);
  });

  it.each([
    [new UpstreamError({ statusCode: 422, message: 'm' }), 'MMX_UPSTREAM_BAD_REQUEST', 400, false],
    [new UpstreamError({ statusCode: 403, message: 'm' }), 'MMX_UPSTREAM_AUTH', 502, false],
    [new UpstreamError({ statusCode: 529, message: 'm' }), 'MMX_UPSTREAM_OVERLOADED', 503, true],
    [new UpstreamError({ statusCode: 408, message: 'm' }), 'MMX_UPSTREAM_SERVER', 502, true],
    [
      new UpstreamTransportError({ code: 'MMX_UPSTREAM_TIMEOUT', message: 'm' }),
      'MMX_UPSTREAM_TIMEOUT',
      504,
      true,
    ],
    [new UpstreamResponseError({ message: 'm' }), 'MMX_UPSTREAM_INVALID_RESPONSE', 502, false],
    [new NoSuchModelError({ modelReference: 'x' }), 'MMX_MODEL_NOT_FOUND', 404, false],
    [new InvalidRequestError({ message: 'm', param: 'messages' }), 'MMX_REQUEST_INVALID', 400, false],
  ])('%s has code, status and retryable flag from the taxonomy', (error, code, httpStatus, retryable) => {
    expect(error).toMatchObject({ code, httpStatus, retryable });
  });

  it('redacts secrets from messages, URLs and bodies', () => {
    const error = new UpstreamError({
      statusCode: 401,
      message: 'bad key sk-live-1234567890abcdef',
      url: 'https://h.test/x?key=AIzaSyA-secret-secret-secret-1234',
      responseBody: `{"error":"Bearer abcdefghijklmnop"}${'x'.repeat(5000)}`,
    });
    expect(JSON.stringify([error.message, error.url, error.responseBody])).not.toMatch(
      /sk-live|AIzaSy|abcdefghijklmnop/,
    );
    expect(error.responseBody?.length).toBeLessThanOrEqual(4096);
  });

  it('uses MMX_ codes only', () => {
    for (const code of Object.values(ERROR_CODES)) expect(code).toMatch(/^MMX_[A-Z_]+$/);
    expect(new ConfigError({ issues: [{ path: 'a.b', message: 'bad' }] }).message).toContain('a.b: bad');
  });
});
