import { describe, expect, it } from 'vitest';
import { redactRequestUrl } from './redact-request-url.js';

describe('redactRequestUrl', () => {
  it('returns a URL without a query as it is', () => {
    const url = '/v1/chat/completions';
    expect(redactRequestUrl(url)).toBe(url);
  });

  it.each([
    ['/v1/models?key=AIzaSyPlanted0123456789abcdef', '/v1/models?key=[REDACTED]'],
    ['/v1/models?api-key=planted-azure-key&limit=2', '/v1/models?api-key=[REDACTED]&limit=2'],
    ['/x?sig=planted-sas-signature&se=2030', '/x?sig=[REDACTED]&se=2030'],
    [
      '/x?X-Amz-Security-Token=planted-session&X-Amz-Signature=abc',
      '/x?X-Amz-Security-Token=[REDACTED]&X-Amz-Signature=[REDACTED]',
    ],
    ['/x?access_token=ya29.planted-token', '/x?access_token=[REDACTED]'],
    ['/x?q=sk-planted0123456789', '/x?q=[REDACTED]'],
  ])('replaces the secrets of %s', (url, expected) => {
    expect(redactRequestUrl(url)).toBe(expected);
  });
});
