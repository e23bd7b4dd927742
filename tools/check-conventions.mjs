#!/usr/bin/env node
// Our konsistent-lite: the files and exports every provider-* and api-* package must have, and the rules every
// package's source keeps (no global dispatcher, no process.env, no raw JSON.parse in provider code); examples/* are
// checked as packages published outside this repository would be.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const problems = [];

function walk(directory) {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (name === 'node_modules' || name === 'dist' || name === '__fixtures__') return [];
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const isTest = (file) => /\.test(-d)?\.ts$/.test(file);

for (const name of readdirSync(join(root, 'packages'))) {
  const directory = join(root, 'packages', name);
  const source = join(directory, 'src');
  if (!existsSync(source)) continue;
  const require = (file) => {
    if (!existsSync(join(directory, file))) problems.push(`packages/${name}: missing ${file}`);
  };
  for (const file of [
    'package.json',
    'README.md',
    'CHANGELOG.md',
    'tsup.config.ts',
    'vitest.config.ts',
    'src/index.ts',
  ])
    require(file);
  const packageJson = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'));
  if (packageJson.type !== 'module') problems.push(`packages/${name}: package.json needs "type": "module"`);
  if (packageJson.sideEffects !== false)
    problems.push(`packages/${name}: package.json needs "sideEffects": false`);
  if (packageJson.engines?.node !== '>=20.19.0')
    problems.push(`packages/${name}: engines.node must be >=20.19.0`);
  const files = walk(source).filter((file) => file.endsWith('.ts'));
  const index = existsSync(join(source, 'index.ts')) ? readFileSync(join(source, 'index.ts'), 'utf8') : '';
  const srcFiles = files.filter((file) => !isTest(file));
  for (const file of srcFiles) {
    const text = readFileSync(file, 'utf8');
    const where = relative(root, file);
    if (text.includes('setGlobalDispatcher'))
      problems.push(`${where}: never set the global dispatcher; use the injected one`);
    if (/\bprocess\.env\b/.test(text))
      problems.push(`${where}: read the environment through deps.env, not process.env`);
    if (name.startsWith('provider-') && /\bJSON\.parse\(/.test(text)) {
      problems.push(`${where}: parse upstream JSON through @modelmux/core/http helpers`);
    }
  }
  if (name.startsWith('provider-') || name.startsWith('api-')) {
    if (!/export default \w+/.test(index))
      problems.push(`packages/${name}/src/index.ts: must default-export its plugin`);
    if (!files.some(isTest)) problems.push(`packages/${name}: has no tests`);
  }
  if (name.startsWith('provider-')) {
    if (!/export \{[^}]*\bcreate\w+Provider\b/.test(index))
      problems.push(`packages/${name}/src/index.ts: must export create*Provider`);
    if (!/\b\w+Settings\b/.test(index))
      problems.push(`packages/${name}/src/index.ts: must export its *Settings type`);
    if (!files.some((file) => file.endsWith('-contract.test.ts')))
      problems.push(`packages/${name}: missing src/*-contract.test.ts`);
    require('src/__fixtures__/README.md');
  }
}

// Examples show how a package outside this repository is written: private, on the public entry points only.
const PUBLIC_ENTRY_POINTS = new Set([
  '@modelmux/core',
  '@modelmux/core/http',
  '@modelmux/core/settings',
  '@modelmux/testkit',
]);
const examples = existsSync(join(root, 'examples')) ? readdirSync(join(root, 'examples')) : [];
for (const name of examples) {
  const directory = join(root, 'examples', name);
  if (!existsSync(join(directory, 'src'))) continue;
  const where = `examples/${name}`;
  for (const file of ['package.json', 'README.md', 'tsup.config.ts', 'vitest.config.ts', 'src/index.ts']) {
    if (!existsSync(join(directory, file))) problems.push(`${where}: missing ${file}`);
  }
  const packageJson = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8'));
  if (packageJson.private !== true) problems.push(`${where}: an example must be "private": true`);
  if (packageJson.type !== 'module') problems.push(`${where}: package.json needs "type": "module"`);
  if (packageJson.sideEffects !== false) problems.push(`${where}: package.json needs "sideEffects": false`);
  const files = walk(directory).filter((file) => file.endsWith('.ts'));
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const [, specifier] of text.matchAll(/from '(@modelmux\/[^']+)'/g)) {
      if (!PUBLIC_ENTRY_POINTS.has(specifier))
        problems.push(
          `${relative(root, file)}: imports ${specifier}; examples use only the public entry points`,
        );
    }
    if (!isTest(file) && file.includes('/src/') && /\bprocess\.env\b|setGlobalDispatcher/.test(text))
      problems.push(`${relative(root, file)}: use deps.env and the injected dispatcher`);
  }
  if (name.endsWith('-provider')) {
    const index = readFileSync(join(directory, 'src/index.ts'), 'utf8');
    if (!/export default \w+/.test(index))
      problems.push(`${where}/src/index.ts: must default-export its plugin`);
    if (!/export \{[^}]*\bcreate\w+Provider\b/.test(index))
      problems.push(`${where}/src/index.ts: must export create*Provider`);
    if (!files.some((file) => file.endsWith('-contract.test.ts')))
      problems.push(`${where}: missing src/*-contract.test.ts`);
    if (!existsSync(join(directory, 'src/__fixtures__/README.md')))
      problems.push(`${where}: missing src/__fixtures__/README.md`);
  }
}

if (problems.length > 0) {
  console.error(`Convention check failed:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  process.exit(1);
}
console.log('Conventions: ok');
