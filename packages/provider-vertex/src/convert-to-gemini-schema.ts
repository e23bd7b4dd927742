// Keywords of Gemini's OpenAPI-subset `Schema` (WIRE-FORMATS §5.2) that mean the same thing, with the same value,
// in JSON Schema.
const SAME_KEYWORDS: ReadonlySet<string> = new Set([
  'description',
  'title',
  'format',
  'default',
  'example',
  'nullable',
  'pattern',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
  'required',
  'propertyOrdering',
]);

// JSON Schema keywords that only describe the document itself; leaving them out changes nothing.
const DOCUMENT_KEYWORDS: ReadonlySet<string> = new Set(['$schema', '$comment']);

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNullSchema(value: unknown): boolean {
  return isObject(value) && value.type === 'null' && Object.keys(value).length === 1;
}

/**
 * JSON Schema → Gemini's OpenAPI-subset `Schema`, or `undefined` when the schema uses anything the subset cannot say
 * exactly (`$ref`, `oneOf`, `allOf`, `additionalProperties` other than `true`, non-string `enum`/`const`, tuples,
 * type unions, objects without properties, …). Never approximates: the caller sends the original as JSON Schema
 * instead.
 */
export function convertToGeminiSchema(schema: unknown): JsonObject | undefined {
  if (!isObject(schema)) return undefined;
  const result: JsonObject = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (DOCUMENT_KEYWORDS.has(keyword)) continue;
    if (SAME_KEYWORDS.has(keyword)) {
      result[keyword] = value;
      continue;
    }
    switch (keyword) {
      case 'type': {
        // Gemini's Type enum is upper-case (STRING, OBJECT, …), as @google/genai sends it.
        if (typeof value === 'string') {
          result.type = value.toUpperCase();
          break;
        }
        if (!Array.isArray(value)) return undefined;
        // `['string', 'null']` is a nullable string; a real union needs JSON Schema.
        const types = value.filter((type) => type !== 'null');
        if (types.length !== 1 || typeof types[0] !== 'string') return undefined;
        result.type = types[0].toUpperCase();
        if (types.length < value.length) result.nullable = true;
        break;
      }
      case 'enum':
        if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) return undefined;
        result.enum = value;
        break;
      case 'const':
        if (typeof value !== 'string') return undefined;
        result.enum = [value];
        break;
      case 'properties': {
        if (!isObject(value)) return undefined;
        const properties: JsonObject = {};
        for (const [name, property] of Object.entries(value)) {
          const converted = convertToGeminiSchema(property);
          if (converted === undefined) return undefined;
          properties[name] = converted;
        }
        result.properties = properties;
        break;
      }
      case 'items': {
        const items = convertToGeminiSchema(value);
        if (items === undefined) return undefined;
        result.items = items;
        break;
      }
      case 'anyOf': {
        if (!Array.isArray(value)) return undefined;
        const members: JsonObject[] = [];
        for (const member of value) {
          if (isNullSchema(member)) {
            result.nullable = true;
            continue;
          }
          const converted = convertToGeminiSchema(member);
          if (converted === undefined) return undefined;
          members.push(converted);
        }
        if (members.length === 0) return undefined;
        result.anyOf = members;
        break;
      }
      case 'additionalProperties':
        // `true` is JSON Schema's default; anything stricter has no counterpart in the subset.
        if (value !== true) return undefined;
        break;
      default:
        return undefined;
    }
  }
  // Gemini rejects an OBJECT without properties; a free-form object needs JSON Schema.
  if (
    result.type === 'OBJECT' &&
    (!isObject(result.properties) || Object.keys(result.properties).length === 0)
  )
    return undefined;
  return result;
}

/**
 * True for a parameters schema that declares no arguments (`{}`, `{type:'object'}`, `{type:'object', properties:{}}`,
 * possibly closed with `additionalProperties: false`, and nothing else): the function declaration then needs no
 * `parameters` at all.
 */
export function isEmptyGeminiParametersSchema(schema: Record<string, unknown>): boolean {
  for (const [keyword, value] of Object.entries(schema)) {
    if (DOCUMENT_KEYWORDS.has(keyword)) continue;
    if (keyword === 'type' && value === 'object') continue;
    if (keyword === 'properties' && isObject(value) && Object.keys(value).length === 0) continue;
    if (keyword === 'required' && Array.isArray(value) && value.length === 0) continue;
    if (keyword === 'additionalProperties' && value === false) continue;
    return false;
  }
  return true;
}
