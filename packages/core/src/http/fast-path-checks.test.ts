import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isAbsent, isNullishNumber, isNullishString, isRecord } from './fast-path-checks.js';

const samples: unknown[] = [
  undefined,
  null,
  '',
  'a',
  0,
  -0,
  1.5,
  -1,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  Number.NaN,
  JSON.parse('1e400'),
  true,
  false,
  {},
  { a: 1 },
  Object.create(null),
  new Date(0),
  [],
  [1],
  () => 1,
];

describe('fast-path checks', () => {
  it('accept exactly what the zod schemas they stand in for accept', () => {
    const cases: Array<[(value: unknown) => boolean, z.ZodType]> = [
      [isRecord, z.looseObject({})],
      [isAbsent, z.null().optional()],
      [isNullishString, z.string().nullish()],
      [isNullishNumber, z.number().nullish()],
    ];
    for (const [check, schema] of cases) {
      for (const [index, value] of samples.entries())
        expect(check(value), `${check.name}(samples[${index}])`).toBe(schema.safeParse(value).success);
    }
  });
});
