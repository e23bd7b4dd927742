type JsonObject = Record<string, unknown>;

/** Keywords whose value is a map of property names (or definition names) to subschemas. */
const SCHEMA_MAP_KEYWORDS: ReadonlySet<string> = new Set([
  'properties',
  'patternProperties',
  '$defs',
  'definitions',
  'dependentSchemas',
]);

/** Keywords whose value is a subschema (`items` may also be an array of them in older drafts). */
const SCHEMA_KEYWORDS: ReadonlySet<string> = new Set([
  'items',
  'additionalItems',
  'additionalProperties',
  'unevaluatedItems',
  'unevaluatedProperties',
  'contains',
  'propertyNames',
  'not',
  'if',
  'then',
  'else',
]);

/** Keywords whose value is an array of subschemas. */
const SCHEMA_ARRAY_KEYWORDS: ReadonlySet<string> = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function normalizeSubschemas(schema: JsonObject, componentName: string): JsonObject {
  const result: JsonObject = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (SCHEMA_MAP_KEYWORDS.has(keyword) && isObject(value)) {
      result[keyword] = Object.fromEntries(
        Object.entries(value).map(([name, child]) => [name, normalizeOpenApiSchema(child, componentName)]),
      );
    } else if (SCHEMA_ARRAY_KEYWORDS.has(keyword) && Array.isArray(value)) {
      result[keyword] = value.map((child) => normalizeOpenApiSchema(child, componentName));
    } else if (SCHEMA_KEYWORDS.has(keyword)) {
      result[keyword] = Array.isArray(value)
        ? value.map((child) => normalizeOpenApiSchema(child, componentName))
        : normalizeOpenApiSchema(value, componentName);
    } else {
      result[keyword] = value;
    }
  }
  return result;
}

/**
 * Rewrites the OpenAPI leftovers in one component schema of the OpenAI spec into plain JSON Schema 2020-12, which
 * Ajv understands. Walks keyword positions only, so a property that happens to be called `nullable` or `type` is
 * left alone.
 *
 * - `nullable: true` (OpenAPI 3.0; still used by a few 3.1 schemas, next to `enum`s without null and `$ref`s)
 *   becomes `anyOf: [<the schema>, {type: 'null'}]`, which is what the live API means: `finish_reason: null`,
 *   `usage: null`, `logprobs: null` in stream chunks.
 * - `$recursiveRef: '#'` (draft 2019-09, used by `CompoundFilter`) becomes a plain `$ref` to the enclosing component,
 *   which is what its `$recursiveAnchor` points at. Ajv's 2020 build would resolve `#` against the root of whatever
 *   it compiled, which is not that component here.
 */
export function normalizeOpenApiSchema(schema: unknown, componentName: string): unknown {
  if (!isObject(schema)) return schema;
  const {
    nullable,
    $recursiveAnchor: _anchor,
    $recursiveRef,
    ...rest
  } = normalizeSubschemas(schema, componentName);
  if ($recursiveRef !== undefined) {
    if ($recursiveRef !== '#')
      throw new Error(`Unsupported $recursiveRef ${String($recursiveRef)} in ${componentName}`);
    rest.$ref = `#/components/schemas/${componentName}`;
  }
  return nullable === true ? { anyOf: [rest, { type: 'null' }] } : rest;
}
