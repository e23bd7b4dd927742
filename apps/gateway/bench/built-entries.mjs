import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The built gateway the benchmark measures. */
export const GATEWAY_ENTRY = new URL('../dist/index.js', import.meta.url);

const PACKAGES = ['@modelmux/testkit', '@modelmux/provider-vertex', '@modelmux/provider-bedrock'];

function packageEntry(name) {
  try {
    return fileURLToPath(import.meta.resolve(name));
  } catch {
    return `${name} (not resolvable from apps/gateway: run pnpm install)`;
  }
}

/** The built files the benchmark imports (workspace packages resolve to their `dist/`) that do not exist yet. */
export function missingBuiltEntries() {
  return [fileURLToPath(GATEWAY_ENTRY), ...PACKAGES.map(packageEntry)].filter((path) => !existsSync(path));
}
