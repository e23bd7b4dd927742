import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPOSITORY_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const sourceMaps = new Map();

/** The built files whose positions were mapped through their `.map`, to check that they were not rebuilt since. */
export function mappedBuiltFiles() {
  return [...sourceMaps].filter(([, sourceMap]) => sourceMap !== undefined).map(([path]) => path);
}

function sourceMapOf(path) {
  if (!sourceMaps.has(path)) {
    const mapPath = `${path}.map`;
    sourceMaps.set(
      path,
      existsSync(mapPath) ? new SourceMap(JSON.parse(readFileSync(mapPath, 'utf8'))) : undefined,
    );
  }
  return sourceMaps.get(path);
}

/**
 * The mapping for a function's position. V8 points at the parameter list, which may come before the first mapping
 * of the line; the nearest earlier mapping would then belong to the function above, so look further along the line.
 */
function mappingAt(sourceMap, line, column) {
  const entry = sourceMap.findEntry(line, column);
  if (entry.generatedLine === line) return entry;
  const later = sourceMap.findEntry(line, Number.MAX_SAFE_INTEGER);
  return later.generatedLine === line ? later : entry;
}

/** The source a built workspace file came from, via its `.map`; the built file itself when there is none. */
function originalPosition(path, line, column) {
  const sourceMap = path.includes('/node_modules/') ? undefined : sourceMapOf(path);
  const entry = sourceMap === undefined ? undefined : mappingAt(sourceMap, line, column);
  if (entry?.originalSource === undefined) return { path, line };
  const source = entry.originalSource.startsWith('file://')
    ? fileURLToPath(entry.originalSource)
    : new URL(entry.originalSource, `file://${path}`).pathname;
  return { path: source, line: entry.originalLine };
}

/** Which package or runtime part a file belongs to: `gateway`, `@modelmux/core`, `fastify`, `node:internal/…`. */
function ownerOf(path) {
  if (path.startsWith('node:')) return path.split('/').slice(0, 3).join('/');
  const dependency = path.match(/\/node_modules\/(?!\.pnpm)((?:@[^/]+\/)?[^/]+)\//g)?.at(-1);
  if (dependency !== undefined) return dependency.slice('/node_modules/'.length, -1);
  const workspace = relative(REPOSITORY_ROOT, path).match(/^(apps|packages)\/([^/]+)\//);
  if (workspace === null) return path === '' ? 'v8' : 'other';
  return workspace[1] === 'apps' ? workspace[2] : `@modelmux/${workspace[2]}`;
}

/**
 * Where a profiled function lives: its owner and `file:line` (1-based, relative to the repository, mapped back
 * to `src/` for built workspace packages). V8 call frames give 0-based lines and columns and `file://` URLs.
 */
export function sourceLocation(callFrame) {
  const { url, lineNumber, columnNumber } = callFrame;
  if (url === '') return { owner: 'v8', where: '(native)' };
  if (!url.startsWith('file://') && !url.startsWith('node:')) return { owner: url.split(':')[0], where: url };
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const original = originalPosition(path, lineNumber, columnNumber);
  const shown = original.path.startsWith('/') ? relative(REPOSITORY_ROOT, original.path) : original.path;
  return { owner: ownerOf(path), where: `${shown}:${original.line + 1}` };
}
