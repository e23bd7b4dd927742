import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isAbsent, isNullishNumber, isNullishString, isRecord } from './fast-path-checks.js';

const samples: unknown[] = [
  undefined,
  null,
  '',
  'a',
  0,
  1.5,
  -1,
  true,
  false,
  {},
  { a: 1 },
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
      for (const value of samples)
        expect(check(value), `${check.name}(${String(value)})`).toBe(schema.safeParse(value).success);
    }
  });
});
