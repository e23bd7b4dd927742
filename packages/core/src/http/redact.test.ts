import { describe, expect, it } from 'vitest';
import { createSecretRedactor, redactHeaders, redactText, redactUrl } from './redact.js';

describe('redactText', () => {
  it.each([
    ['Authorization: Bearer abcdefghijkl123', 'abcdefghijkl123'],
    ['key sk-proj-0123456789abcdef leaked', 'sk-proj-0123456789abcdef'],
    ['token ya29.a0AfB_byC-secret-token', 'ya29.a0AfB_byC-secret-token'],
    ['aws AKIAIOSFODNN7EXAMPLE here', 'AKIAIOSFODNN7EXAMPLE'],
    ['{"api_key":"very-secret-value"}', 'very-secret-value'],
    ['https://x.test/v1?key=AIzaSyDsecretsecretsecret12345', 'AIzaSyDsecretsecretsecret12345'],
    ['api-key: 0123456789abcdef', '0123456789abcdef'],
    ['X-Amz-Security-Token=FQoGZXIvYXdzEJr', 'FQoGZXIvYXdzEJr'],
  ])('removes the secret from %s', (input, secret) => {
    const output = redactText(input);
    expect(output).not.toContain(secret);
    expect(output).toContain('[REDACTED]');
  });

  it('leaves ordinary text alone', () => {
    expect(redactText('The model returned 400: max_tokens must be positive')).toBe(
      'The model returned 400: max_tokens must be positive',
    );
  });
});

describe('redactUrl', () => {
  it('removes user info and secret query parameters but keeps the rest', () => {
    const output = redactUrl('https://user:pass@host.test/v1/x?api-version=2024-10-21&api-key=s3cret&key=k2');
    expect(output).not.toContain('pass');
    expect(output).not.toContain('s3cret');
    expect(output).not.toContain('k2');
    expect(output).toContain('api-version=2024-10-21');
  });
});

describe('redactHeaders', () => {
  it('replaces credential headers whatever their case', () => {
    expect(
      redactHeaders({ Authorization: 'Bearer x', 'api-key': 'y', 'content-type': 'application/json' }),
    ).toEqual({ Authorization: '[REDACTED]', 'api-key': '[REDACTED]', 'content-type': 'application/json' });
  });
});

describe('createSecretRedactor', () => {
  it('removes the known secrets wherever they appear, and still applies the generic patterns', () => {
    const redact = createSecretRedactor(['upstream-secret', undefined, 'abc']);
    expect(redact('Incorrect API key provided: upstream-secret. Bearer zzzzzzzzzz')).toBe(
      'Incorrect API key provided: [REDACTED]. Bearer [REDACTED]',
    );
    expect(redact('abc is too short to be treated as a secret')).toBe(
      'abc is too short to be treated as a secret',
    );
  });
});
