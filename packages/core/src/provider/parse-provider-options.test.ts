import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseProviderOptions } from './parse-provider-options.js';

const schema = z.strictObject({ budget: z.int().min(1).optional(), tags: z.array(z.string()).optional() });

describe('parseProviderOptions', () => {
  it('returns the parsed entry of this provider type and ignores the others', () => {
    expect(parseProviderOptions(schema, { mine: { budget: 3 }, other: { anything: true } }, 'mine')).toEqual({
      budget: 3,
    });
    expect(parseProviderOptions(schema, { other: {} }, 'mine')).toBeUndefined();
    expect(parseProviderOptions(schema, undefined, 'mine')).toBeUndefined();
  });

  it.each([
    [{ budgett: 3 }, 'provider_options.mine.budgett'],
    [{ budget: 0 }, 'provider_options.mine.budget'],
    [{ tags: ['a', 1] }, 'provider_options.mine.tags.1'],
  ])('rejects %j naming %s', (options, param) => {
    expect(() => parseProviderOptions(schema, { mine: options }, 'mine')).toThrow(
      expect.objectContaining({ code: 'MMX_REQUEST_PROVIDER_OPTIONS_INVALID', param, httpStatus: 400 }),
    );
  });
});
