// Prints where a CPU profile spends its time: the top functions by self time with file:line (mapped back to src/
// for the workspace packages), and self time per owner (gateway, @modelmux/*, fastify, undici, zod, node:…).
// Usage: node bench/summarize-cpu-profile.mjs [file.cpuprofile …] [--top 25] [--exclude-idle] [--requests N]
// Without files it reads the newest profile of each target and workload in bench/results/profiles/. `--requests`
// (printed by the benchmark for each profile) adds self time per request in microseconds.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatCpuProfileSummary } from './format-cpu-profile-summary.mjs';

const PROFILE_DIRECTORY = fileURLToPath(new URL('./results/profiles/', import.meta.url));

function newestProfiles() {
  const newest = new Map();
  const names = readdirSync(PROFILE_DIRECTORY, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.cpuprofile'))
    .map((entry) => entry.name);
  for (const name of names) {
    const path = join(PROFILE_DIRECTORY, name);
    const run = name.replace(/-\d{4}-\d\d-\d\dT.*$/, '');
    const modified = statSync(path).mtimeMs;
    if ((newest.get(run)?.modified ?? -1) < modified) newest.set(run, { path, modified });
  }
  return [...newest.values()].map((entry) => entry.path);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    top: { type: 'string', default: '25' },
    'exclude-idle': { type: 'boolean', default: false },
    requests: { type: 'string' },
  },
});
const files = positionals.length > 0 ? positionals : newestProfiles();
if (files.length === 0) {
  console.error(`No profiles given and none in ${PROFILE_DIRECTORY}; run BENCH_PROFILE=1 pnpm bench first.`);
  process.exitCode = 1;
}
const options = {
  top: Number(values.top),
  excludeIdle: values['exclude-idle'],
  requests: values.requests === undefined ? undefined : Number(values.requests),
};
for (const file of files) {
  console.log(`${formatCpuProfileSummary(file, JSON.parse(readFileSync(file, 'utf8')), options)}\n`);
}
