#!/usr/bin/env node
/**
 * Extracts the OpenAI component schemas that @modelmux/testkit validates against, plus everything they reference
 * transitively, from the vendored openai-openapi spec.
 *
 * Usage: node tools/extract-openai-schemas.mjs [path/to/openapi.json]
 * Default spec path: ../shared/specs/openai-openapi/openapi.json, relative to the repository root.
 *
 * Writes packages/testkit/src/openapi/openai-schemas.json (`{ source, schemas }`, schemas copied verbatim) and copies
 * the spec's LICENSE next to it as LICENSE-openai-openapi. CI has no access to the spec, so the output is committed.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT_SCHEMAS = [
  'CreateChatCompletionResponse',
  'CreateChatCompletionStreamResponse',
  'ListModelsResponse',
  'Model',
  'ErrorResponse',
  'Error',
  'CreateEmbeddingResponse',
  'CreateChatCompletionRequest',
  'CreateEmbeddingRequest',
  'CreateResponse',
  'Response',
  'ResponseStreamEvent',
  'ResponseItemList',
];

const SCHEMA_REFERENCE_PREFIX = '#/components/schemas/';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const specPath = resolve(
  process.argv[2] ?? join(repositoryRoot, '../shared/specs/openai-openapi/openapi.json'),
);
const outputDirectory = join(repositoryRoot, 'packages/testkit/src/openapi');
const outputPath = join(outputDirectory, 'openai-schemas.json');
const licensePath = join(dirname(specPath), 'LICENSE');

/** Every `$ref` string found anywhere below `value`. */
function collectReferences(value, found = []) {
  if (Array.isArray(value)) {
    for (const item of value) collectReferences(item, found);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if ((key === '$ref' || key === '$recursiveRef' || key === '$dynamicRef') && typeof child === 'string') {
        found.push(child);
      } else {
        collectReferences(child, found);
      }
    }
  }
  return found;
}

/** The named schemas plus everything they reference, in discovery order. */
function extractSchemas(componentSchemas, rootNames) {
  const extracted = new Map();
  const pending = [...rootNames];
  while (pending.length > 0) {
    const name = pending.shift();
    if (extracted.has(name)) continue;
    const schema = componentSchemas[name];
    if (schema === undefined) throw new Error(`components.schemas.${name} is not in the spec`);
    extracted.set(name, schema);
    for (const reference of collectReferences(schema)) {
      if (reference === '#') continue; // $recursiveRef to the enclosing schema
      if (!reference.startsWith(SCHEMA_REFERENCE_PREFIX)) {
        throw new Error(`${name} references ${reference}, which is not a component schema`);
      }
      pending.push(decodeURIComponent(reference.slice(SCHEMA_REFERENCE_PREFIX.length)));
    }
  }
  return extracted;
}

function main() {
  if (!existsSync(specPath)) throw new Error(`OpenAPI spec not found at ${specPath}`);
  const specBytes = readFileSync(specPath);
  const spec = JSON.parse(specBytes.toString('utf8'));
  const componentSchemas = spec.components?.schemas;
  if (componentSchemas === undefined) throw new Error(`${specPath} has no components.schemas`);

  const extracted = extractSchemas(componentSchemas, ROOT_SCHEMAS);
  const schemas = Object.fromEntries([...extracted.keys()].sort().map((name) => [name, extracted.get(name)]));
  const output = {
    source: {
      description:
        'Component schemas extracted verbatim from the OpenAI OpenAPI spec by tools/extract-openai-schemas.mjs. Do not edit; re-run the tool.',
      repository: 'https://github.com/openai/openai-openapi',
      file: basename(specPath),
      openapi: spec.openapi,
      infoVersion: spec.info?.version,
      sha256: createHash('sha256').update(specBytes).digest('hex'),
      license: 'MIT (see LICENSE-openai-openapi)',
      roots: ROOT_SCHEMAS,
      schemaCount: extracted.size,
    },
    schemas,
  };
  writeFileSync(outputPath, `${JSON.stringify(output, null, 2)}\n`);
  if (!existsSync(licensePath)) throw new Error(`LICENSE not found next to the spec at ${licensePath}`);
  // Rewritten rather than copied so the copy does not inherit a read-only mode from the vendored spec.
  const licenseCopyPath = join(outputDirectory, 'LICENSE-openai-openapi');
  rmSync(licenseCopyPath, { force: true });
  writeFileSync(licenseCopyPath, readFileSync(licensePath));
  console.log(
    `Wrote ${relative(repositoryRoot, outputPath)}: ${extracted.size} schemas from ${spec.info?.version} (${output.source.sha256.slice(0, 12)}…)`,
  );
}

main();
