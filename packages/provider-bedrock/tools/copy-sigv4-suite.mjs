#!/usr/bin/env node
// Copies the cases of the two AWS SigV4 test suites that `src/sigv4-test-suite.test.ts` runs from the shared specs
// folder (not reachable in CI) into `src/__fixtures__/aws-sig-v4-test-suite/`, with their LICENSE and NOTICE.
// Usage: node tools/copy-sigv4-suite.mjs [path/to/shared/specs]   (default: /work/shared/specs)
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const specs = process.argv[2] ?? '/work/shared/specs';
const packageRoot = dirname(dirname(fileURLToPath(import.meta.url)));
const target = join(packageRoot, 'src', '__fixtures__', 'aws-sig-v4-test-suite');

// Cases the test skips are not copied; the test file says why each is skipped.
const SKIPPED_CLASSIC = new Set([
  'post-sts-header-after',
  'get-header-value-multiline',
  'post-x-www-form-urlencoded',
  'post-x-www-form-urlencoded-parameters',
]);
const isSkippedSigningCase = (name) => name.endsWith('-unnormalized') || name === 'post-sts-header-after';

const CLASSIC_EXTENSIONS = ['.req', '.creq', '.sts', '.authz'];
const SIGNING_FILES = [
  'context.json',
  'request.txt',
  'header-canonical-request.txt',
  'header-string-to-sign.txt',
  'header-signature.txt',
  'header-signed-request.txt',
];

function copy(from, to) {
  mkdirSync(dirname(to), { recursive: true });
  if (from.endsWith('.json')) {
    // Re-indented (same content) so the repository's formatter accepts it; every other file is byte-identical.
    writeFileSync(to, `${JSON.stringify(JSON.parse(readFileSync(from, 'utf8')), null, 2)}\n`);
  } else copyFileSync(from, to);
}

function* classicCases(folder) {
  for (const entry of readdirSync(folder).sort()) {
    const path = join(folder, entry);
    if (!statSync(path).isDirectory()) continue;
    if (existsSync(join(path, `${entry}.req`)) || existsSync(join(path, `${entry}.creq`))) yield path;
    else yield* classicCases(path);
  }
}

rmSync(target, { recursive: true, force: true });

const classicSource = join(specs, 'aws-sig-v4-test-suite');
const classicTarget = join(target, 'classic');
for (const name of ['LICENSE', 'NOTICE', 'README.md'])
  copy(join(classicSource, name), join(classicTarget, name));
const classic = [];
for (const folder of classicCases(classicSource)) {
  const name = basename(folder);
  // A case needs a request to sign; `iam` has only a canonical request.
  if (SKIPPED_CLASSIC.has(name) || !existsSync(join(folder, `${name}.req`))) continue;
  for (const extension of CLASSIC_EXTENSIONS) {
    const file = join(folder, `${name}${extension}`);
    if (existsSync(file)) copy(file, join(classicTarget, name, `${name}${extension}`));
  }
  classic.push(relative(classicSource, folder));
}

const signingSource = join(specs, 'aws-signing-test-suite');
const signingTarget = join(target, 'aws-c-auth-v4');
for (const name of ['LICENSE', 'NOTICE']) copy(join(signingSource, name), join(signingTarget, name));
const signing = [];
for (const name of readdirSync(join(signingSource, 'v4')).sort()) {
  if (isSkippedSigningCase(name)) continue;
  for (const file of SIGNING_FILES) {
    const path = join(signingSource, 'v4', name, file);
    if (existsSync(path)) copy(path, join(signingTarget, name, file));
  }
  signing.push(name);
}

writeFileSync(
  join(target, 'README.md'),
  `# AWS SigV4 test suites (copied cases)

Copied by \`tools/copy-sigv4-suite.mjs\` from the shared specs folder; both suites are Apache-2.0, their LICENSE and
NOTICE travel with them. Only the cases \`src/sigv4-test-suite.test.ts\` runs are copied, and only the files it reads.

- \`classic/\`: the 2015 "Signature Version 4 Test Suite" as vendored by smithy-lang/smithy-rs
  (\`aws/rust-runtime/aws-sigv4/aws-sig-v4-test-suite/\` @ \`e478e3128c4a96d23f19895d444a9f9142690a56\`),
  \`.req\` / \`.creq\` / \`.sts\` / \`.authz\` (normalize-path cases flattened). ${classic.length} cases.
- \`aws-c-auth-v4/\`: awslabs/aws-c-auth \`tests/aws-signing-test-suite/v4/\`
  @ \`495329c2433034bd8fd53fc6ba9e0202d3fac876\`, \`context.json\`, \`request.txt\` and the \`header-*\` outputs
  (the \`query-*\` presigning outputs are not used). ${signing.length} cases. \`context.json\` is re-indented to two
  spaces for the repository's formatter (same JSON); every other file is byte-identical to its source.
`,
);
console.log(
  `copied ${classic.length} classic and ${signing.length} aws-c-auth cases to ${relative(process.cwd(), target)}`,
);
