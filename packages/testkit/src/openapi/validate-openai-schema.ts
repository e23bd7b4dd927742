import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { normalizeOpenApiSchema } from './normalize-openapi-schema.js';
import type { OpenAiSchemaName } from './openai-schema-name.js';
import openAiSchemas from './openai-schemas.json' with { type: 'json' };

const DOCUMENT_ID = 'https://modelmux.invalid/testkit/openai-openapi.json';
const MAX_VALUE_PREVIEW = 2000;

let ajv: Ajv2020 | undefined;
const validators = new Map<OpenAiSchemaName, ValidateFunction>();

function getAjv(): Ajv2020 {
  if (ajv === undefined) {
    ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
    const schemas: Record<string, unknown> = openAiSchemas.schemas;
    const normalized = Object.fromEntries(
      Object.entries(schemas).map(([name, schema]) => [name, normalizeOpenApiSchema(schema, name)]),
    );
    ajv.addSchema({ $id: DOCUMENT_ID, components: { schemas: normalized } });
  }
  return ajv;
}

function getValidator(schemaName: OpenAiSchemaName): ValidateFunction {
  let validator = validators.get(schemaName);
  if (validator === undefined) {
    validator = getAjv().getSchema(`${DOCUMENT_ID}#/components/schemas/${schemaName}`);
    if (validator === undefined) throw new Error(`Unknown OpenAI schema ${schemaName}`);
    validators.set(schemaName, validator);
  }
  return validator;
}

function describeError(error: ErrorObject): string {
  const path = error.instancePath === '' ? '(root)' : error.instancePath;
  const allowed = error.keyword === 'enum' ? `: ${JSON.stringify(error.params.allowedValues)}` : '';
  return `${path} ${error.message ?? error.keyword}${allowed}`;
}

/**
 * Checks a value against one of the OpenAI component schemas extracted from the official OpenAPI spec. Returns one
 * message per problem (`<instancePath> <message>`); an empty array means the value is valid. Each schema is compiled
 * on first use and cached.
 */
export function validateOpenAiSchema(schemaName: OpenAiSchemaName, value: unknown): string[] {
  const validator = getValidator(schemaName);
  if (validator(value)) return [];
  return (validator.errors ?? []).map(describeError);
}

function preview(value: unknown): string {
  const json = JSON.stringify(value) ?? String(value);
  return json.length > MAX_VALUE_PREVIEW
    ? `${json.slice(0, MAX_VALUE_PREVIEW)}… (${json.length} chars)`
    : json;
}

/** Like `validateOpenAiSchema`, but throws an Error listing the problems and a truncated JSON of the value. */
export function assertOpenAiSchema(schemaName: OpenAiSchemaName, value: unknown): void {
  const problems = validateOpenAiSchema(schemaName, value);
  if (problems.length === 0) return;
  throw new Error(
    `Value does not match the OpenAI schema ${schemaName}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}\nValue: ${preview(value)}`,
  );
}
