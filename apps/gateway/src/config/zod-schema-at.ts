import type { z } from 'zod';

type AnySchema = z.core.$ZodType;

interface Definition {
  type: string;
  innerType?: AnySchema;
  in?: AnySchema;
  shape?: Record<string, AnySchema>;
  valueType?: AnySchema;
  element?: AnySchema;
  options?: AnySchema[];
  discriminator?: string;
  values?: unknown[];
  getter?: () => AnySchema;
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

function definitionOf(schema: AnySchema): Definition {
  return schema._zod.def as unknown as Definition;
}

/** The schema without optional/default/pipe/lazy wrappers: the object, record, union, … that validates. */
export function unwrapSchema(schema: AnySchema): AnySchema {
  let current = schema;
  for (let depth = 0; depth < 32; depth += 1) {
    const definition = definitionOf(current);
    if (WRAPPERS.has(definition.type) && definition.innerType !== undefined) current = definition.innerType;
    else if (definition.type === 'pipe' && definition.in !== undefined) current = definition.in;
    else if (definition.type === 'lazy' && definition.getter !== undefined) current = definition.getter();
    else return current;
  }
  return current;
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The literal values an option's discriminator field accepts. */
function discriminatorValues(option: AnySchema, field: string): unknown[] {
  const shape = definitionOf(unwrapSchema(option)).shape;
  const fieldSchema = shape?.[field];
  return fieldSchema === undefined ? [] : (definitionOf(unwrapSchema(fieldSchema)).values ?? []);
}

/** The options of a union that fit `value`: the one its discriminator names, else every option. */
function matchingOptions(definition: Definition, value: unknown): AnySchema[] {
  const options = definition.options ?? [];
  const field = definition.discriminator;
  if (field === undefined || !isTable(value)) return options;
  const chosen = options.filter((option) => discriminatorValues(option, field).includes(value[field]));
  return chosen.length > 0 ? chosen : options;
}

/**
 * The schemas that validate the value at `path` below `schema`, given the raw `value` of the whole (to pick a
 * discriminated union's option). Empty when the path leaves the schema.
 */
export function schemasAt(schema: AnySchema, path: ReadonlyArray<PropertyKey>, value: unknown): AnySchema[] {
  let current: Array<{ schema: AnySchema; value: unknown }> = [{ schema, value }];
  for (const key of path) {
    const next: Array<{ schema: AnySchema; value: unknown }> = [];
    for (const entry of current) {
      for (const candidate of expandUnions(entry.schema, entry.value)) {
        const definition = definitionOf(candidate);
        const child =
          isTable(entry.value) || Array.isArray(entry.value) ? (entry.value as never)[key] : undefined;
        if (definition.type === 'object' && typeof key === 'string' && definition.shape?.[key] !== undefined)
          next.push({ schema: definition.shape[key], value: child });
        else if (definition.type === 'record' && definition.valueType !== undefined)
          next.push({ schema: definition.valueType, value: child });
        else if (definition.type === 'array' && definition.element !== undefined)
          next.push({ schema: definition.element, value: child });
      }
    }
    current = next;
  }
  return current.flatMap((entry) => expandUnions(entry.schema, entry.value));
}

function expandUnions(schema: AnySchema, value: unknown): AnySchema[] {
  const unwrapped = unwrapSchema(schema);
  const definition = definitionOf(unwrapped);
  if (definition.type !== 'union') return [unwrapped];
  return matchingOptions(definition, value).flatMap((option) => expandUnions(option, value));
}

/** The keys an object at `path` may have (sorted), or an empty list when no object schema is there. */
export function keysAt(schema: AnySchema, path: ReadonlyArray<PropertyKey>, value: unknown): string[] {
  const keys = new Set<string>();
  for (const candidate of schemasAt(schema, path, value)) {
    const definition = definitionOf(candidate);
    if (definition.type === 'object') for (const key of Object.keys(definition.shape ?? {})) keys.add(key);
  }
  return [...keys].sort();
}
