import { describe, expect, it } from 'vitest';
import { convertToGeminiSchema, isEmptyGeminiParametersSchema } from './convert-to-gemini-schema.js';

/** The expected schema with Gemini's upper-case type names (`string` → `STRING`), as @google/genai sends them. */
function withGeminiTypes(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withGeminiTypes);
  if (typeof schema !== 'object' || schema === null) return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [
      key,
      key === 'type' && typeof value === 'string' ? value.toUpperCase() : withGeminiTypes(value),
    ]),
  );
}

describe('convertToGeminiSchema', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    [
      'an object with the subset keywords',
      {
        $schema: 'http://json-schema.org/draft-07/schema#',
        type: 'object',
        description: 'where',
        properties: {
          city: { type: 'string', minLength: 1, maxLength: 80, pattern: '^[A-Z]', example: 'Paris' },
          days: { type: 'integer', minimum: 1, maximum: 10, default: 3 },
          unit: { type: 'string', enum: ['celsius', 'fahrenheit'], format: 'enum' },
          tags: { type: 'array', items: { type: 'string' }, minItems: 0, maxItems: 5 },
        },
        required: ['city'],
        propertyOrdering: ['city', 'days', 'unit', 'tags'],
      },
      {
        type: 'object',
        description: 'where',
        properties: {
          city: { type: 'string', minLength: 1, maxLength: 80, pattern: '^[A-Z]', example: 'Paris' },
          days: { type: 'integer', minimum: 1, maximum: 10, default: 3 },
          unit: { type: 'string', enum: ['celsius', 'fahrenheit'], format: 'enum' },
          tags: { type: 'array', items: { type: 'string' }, minItems: 0, maxItems: 5 },
        },
        required: ['city'],
        propertyOrdering: ['city', 'days', 'unit', 'tags'],
      },
    ],
    [
      'a nullable type union',
      { type: 'object', properties: { note: { type: ['string', 'null'] } } },
      { type: 'object', properties: { note: { type: 'string', nullable: true } } },
    ],
    [
      'anyOf with a null member',
      {
        type: 'object',
        properties: { id: { anyOf: [{ type: 'string' }, { type: 'integer' }, { type: 'null' }] } },
      },
      {
        type: 'object',
        properties: { id: { anyOf: [{ type: 'string' }, { type: 'integer' }], nullable: true } },
      },
    ],
    [
      'a string const',
      { type: 'object', properties: { kind: { type: 'string', const: 'circle' } } },
      { type: 'object', properties: { kind: { type: 'string', enum: ['circle'] } } },
    ],
    [
      'additionalProperties: true (the default)',
      { type: 'object', properties: { a: { type: 'number' } }, additionalProperties: true },
      { type: 'object', properties: { a: { type: 'number' } } },
    ],
  ])('converts %s', (_name, schema, expected) => {
    expect(convertToGeminiSchema(schema)).toEqual(withGeminiTypes(expected));
  });

  it.each<[string, unknown]>([
    [
      'additionalProperties: false',
      { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false },
    ],
    [
      'a schema for additionalProperties',
      { type: 'object', properties: { a: {} }, additionalProperties: { type: 'string' } },
    ],
    ['$ref', { type: 'object', properties: { a: { $ref: '#/$defs/A' } }, $defs: { A: { type: 'string' } } }],
    ['oneOf', { type: 'object', properties: { a: { oneOf: [{ type: 'string' }, { type: 'number' }] } } }],
    ['allOf', { allOf: [{ type: 'object', properties: { a: { type: 'string' } } }] }],
    ['a numeric enum', { type: 'object', properties: { n: { type: 'integer', enum: [1, 2] } } }],
    ['a numeric const', { type: 'object', properties: { n: { const: 1 } } }],
    ['a real type union', { type: 'object', properties: { v: { type: ['string', 'number'] } } }],
    [
      'a tuple',
      {
        type: 'object',
        properties: { p: { type: 'array', items: [{ type: 'number' }, { type: 'number' }] } },
      },
    ],
    ['a free-form nested object', { type: 'object', properties: { extra: { type: 'object' } } }],
    ['exclusiveMinimum', { type: 'object', properties: { n: { type: 'number', exclusiveMinimum: 0 } } }],
    ['a boolean schema', { type: 'object', properties: { anything: true } }],
    ['not an object', 'string'],
  ])('gives up on %s', (_name, schema) => {
    expect(convertToGeminiSchema(schema)).toBeUndefined();
  });
});

describe('isEmptyGeminiParametersSchema', () => {
  it.each<[Record<string, unknown>, boolean]>([
    [{}, true],
    [{ type: 'object' }, true],
    [{ type: 'object', properties: {} }, true],
    [{ type: 'object', properties: {}, required: [], additionalProperties: false, $schema: 'x' }, true],
    [{ type: 'object', additionalProperties: true }, false],
    [{ type: 'object', properties: {}, description: 'options' }, false],
    [{ type: 'object', properties: { a: { type: 'string' } } }, false],
  ])('%j → %s', (schema, expected) => {
    expect(isEmptyGeminiParametersSchema(schema)).toBe(expected);
  });
});
