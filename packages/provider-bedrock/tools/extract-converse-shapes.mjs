#!/usr/bin/env node
// Extracts the input shapes of Converse and ConverseStream (`ConverseRequest`, `ConverseStreamRequest` and every
// shape they reference, transitively) from the Bedrock Runtime Smithy JSON AST in the shared specs folder (not
// reachable in CI) into `src/__fixtures__/bedrock-converse-input-shapes.json`, which
// `src/bedrock-sdk-parity.test.ts` validates the provider's request bodies against.
// Documentation traits are left out; every other trait is kept as is. The Smithy prelude shapes the input refers to
// (`smithy.api#String`, …) are not in the model file: they are written out with their Smithy type.
// Usage: node tools/extract-converse-shapes.mjs [path/to/specs/bedrock-runtime]   (default: /work/shared/specs/bedrock-runtime)
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const source = process.argv[2] ?? '/work/shared/specs/bedrock-runtime';
const packageRoot = dirname(dirname(fileURLToPath(import.meta.url)));
const target = join(packageRoot, 'src', '__fixtures__', 'bedrock-converse-input-shapes.json');

const NAMESPACE = 'com.amazonaws.bedrockruntime';
const OPERATIONS = ['Converse', 'ConverseStream'];
const DOCUMENTATION = 'smithy.api#documentation';

/** The prelude shapes of Smithy 2.0 an input may target, with their type. */
const PRELUDE = {
  'smithy.api#Unit': { type: 'structure', members: {}, traits: { 'smithy.api#unitType': {} } },
  'smithy.api#String': { type: 'string' },
  'smithy.api#Blob': { type: 'blob' },
  'smithy.api#Boolean': { type: 'boolean' },
  'smithy.api#PrimitiveBoolean': { type: 'boolean' },
  'smithy.api#Document': { type: 'document' },
  'smithy.api#Byte': { type: 'byte' },
  'smithy.api#PrimitiveByte': { type: 'byte' },
  'smithy.api#Short': { type: 'short' },
  'smithy.api#PrimitiveShort': { type: 'short' },
  'smithy.api#Integer': { type: 'integer' },
  'smithy.api#PrimitiveInteger': { type: 'integer' },
  'smithy.api#Long': { type: 'long' },
  'smithy.api#PrimitiveLong': { type: 'long' },
  'smithy.api#Float': { type: 'float' },
  'smithy.api#PrimitiveFloat': { type: 'float' },
  'smithy.api#Double': { type: 'double' },
  'smithy.api#PrimitiveDouble': { type: 'double' },
  'smithy.api#BigInteger': { type: 'bigInteger' },
  'smithy.api#BigDecimal': { type: 'bigDecimal' },
  'smithy.api#Timestamp': { type: 'timestamp' },
};

function withoutDocumentation(traits) {
  if (traits === undefined) return undefined;
  const kept = Object.fromEntries(Object.entries(traits).filter(([name]) => name !== DOCUMENTATION));
  return Object.keys(kept).length === 0 ? undefined : kept;
}

function stripMember(member) {
  const traits = withoutDocumentation(member.traits);
  return traits === undefined ? { target: member.target } : { target: member.target, traits };
}

function stripShape(shape) {
  const stripped = { type: shape.type };
  for (const key of ['member', 'key', 'value']) {
    if (shape[key] !== undefined) stripped[key] = stripMember(shape[key]);
  }
  if (shape.members !== undefined) {
    stripped.members = Object.fromEntries(
      Object.entries(shape.members).map(([name, member]) => [name, stripMember(member)]),
    );
  }
  const traits = withoutDocumentation(shape.traits);
  if (traits !== undefined) stripped.traits = traits;
  return stripped;
}

function targetsOf(shape) {
  const targets = [];
  for (const key of ['member', 'key', 'value']) if (shape[key] !== undefined) targets.push(shape[key].target);
  for (const member of Object.values(shape.members ?? {})) targets.push(member.target);
  return targets;
}

const files = readdirSync(source)
  .filter((name) => name.endsWith('.json'))
  .sort();
let model;
let modelFile;
let modelText;
for (const file of files) {
  const text = readFileSync(join(source, file), 'utf8');
  const parsed = JSON.parse(text);
  if (parsed.shapes?.[`${NAMESPACE}#ConverseRequest`] !== undefined) {
    model = parsed;
    modelFile = file;
    modelText = text;
    break;
  }
}
if (model === undefined) throw new Error(`No Smithy model with ${NAMESPACE}#ConverseRequest in ${source}`);

const operations = {};
const roots = [];
for (const name of OPERATIONS) {
  const operation = model.shapes[`${NAMESPACE}#${name}`];
  if (operation?.type !== 'operation') throw new Error(`${NAMESPACE}#${name} is not an operation`);
  operations[name] = { input: operation.input.target, http: operation.traits['smithy.api#http'] };
  roots.push(operation.input.target);
}

const shapes = {};
const pending = [...roots];
while (pending.length > 0) {
  const id = pending.pop();
  if (shapes[id] !== undefined) continue;
  const shape = model.shapes[id] ?? PRELUDE[id];
  if (shape === undefined) throw new Error(`Shape ${id} is neither in the model nor in the Smithy prelude`);
  shapes[id] = model.shapes[id] === undefined ? shape : stripShape(shape);
  pending.push(...targetsOf(shape));
}

const output = {
  comment:
    'Generated by tools/extract-converse-shapes.mjs from the Bedrock Runtime Smithy model; do not edit.',
  source: {
    file: modelFile,
    sha256: createHash('sha256').update(modelText).digest('hex'),
    smithy: model.smithy,
  },
  operations,
  shapes: Object.fromEntries(
    Object.keys(shapes)
      .sort()
      .map((id) => [id, shapes[id]]),
  ),
};
writeFileSync(target, `${JSON.stringify(output, null, 2)}\n`);
console.log(`Wrote ${Object.keys(shapes).length} shapes from ${modelFile} to ${target}`);
