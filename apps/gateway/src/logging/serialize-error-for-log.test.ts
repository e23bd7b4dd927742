import { UpstreamError } from '@modelmux/core';
import { describe, expect, it } from 'vitest';
import { serializeErrorForLog } from './serialize-error-for-log.js';

/** Credentials planted in errors below; none may survive serialization. */
const PLANTED = [
  'planted-azure-key-0001',
  'planted-session-token-0002',
  'planted-google-token-0003',
  'planted-query-key-0004',
  'planted-sas-sig-0005',
  'planted-aws-secret-0006',
  'planted-cookie-0007',
];

function leaks(value: unknown): string[] {
  const text = JSON.stringify(value);
  return PLANTED.filter((secret) => text.includes(secret));
}

describe('serializeErrorForLog', () => {
  it('keeps what helps (type, message, stack, code, status, cause chain) and no credential', () => {
    const sdkError = Object.assign(
      new Error('request to https://oauth2.example/token?key=planted-query-key-0004 failed'),
      {
        code: 'ECONNRESET',
        config: {
          url: 'https://blob.example/c?sv=2024&sig=planted-sas-sig-0005',
          headers: {
            Authorization: 'Bearer planted-google-token-0003',
            'api-key': 'planted-azure-key-0001',
            'x-amz-security-token': 'planted-session-token-0002',
            cookie: 'session=planted-cookie-0007',
            accept: 'application/json',
          },
          data: { secret_access_key: 'planted-aws-secret-0006' },
        },
        rawPacket: Buffer.from('authorization: Bearer planted-google-token-0003'),
      },
    );
    const error = new UpstreamError({
      statusCode: 500,
      message: 'Upstream failed',
      url: 'https://up.example/v1?key=planted-query-key-0004',
      cause: sdkError,
    });
    const serialized = serializeErrorForLog(error);
    expect(leaks(serialized)).toEqual([]);
    expect(serialized).toMatchObject({
      type: 'UpstreamError',
      message: 'Upstream failed',
      code: 'MMX_UPSTREAM_SERVER',
      statusCode: 500,
      url: expect.stringContaining('key=[REDACTED]'),
      stack: expect.stringContaining('UpstreamError: Upstream failed'),
      cause: {
        type: 'Error',
        code: 'ECONNRESET',
        message: expect.stringContaining('https://oauth2.example/token'),
        config: {
          headers: { Authorization: '[REDACTED]', accept: 'application/json' },
          data: { secret_access_key: '[REDACTED]' },
        },
        rawPacket: '[47 bytes]',
      },
    });
  });

  it('follows AggregateError members, cuts cycles and bounds depth', () => {
    const first = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    const aggregate = new AggregateError([first, new Error('api_key=planted-azure-key-0001')], 'all failed');
    const looped: Record<string, unknown> = { token: 'planted-session-token-0002' };
    looped.self = looped;
    Object.assign(aggregate, { looped, deep: { a: { b: { c: { d: { e: 'planted-cookie-0007' } } } } } });
    const serialized = serializeErrorForLog(aggregate);
    expect(leaks(serialized)).toEqual([]);
    expect(serialized).toMatchObject({
      type: 'AggregateError',
      errors: [{ code: 'ECONNREFUSED' }, { message: 'api_key=[REDACTED]' }],
      looped: { token: '[REDACTED]', self: '[Circular]' },
    });
  });

  it('serializes what is thrown that is not an Error', () => {
    expect(serializeErrorForLog('Bearer planted-google-token-0003')).toMatchObject({
      type: 'string',
      message: 'Bearer [REDACTED]',
    });
    expect(leaks(serializeErrorForLog({ headers: { authorization: 'planted-google-token-0003' } }))).toEqual(
      [],
    );
  });
});
