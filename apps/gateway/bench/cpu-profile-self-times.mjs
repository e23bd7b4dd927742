import { sourceLocation } from './source-location.mjs';

/** V8's pseudo-functions, reported as owners of their own. */
const PSEUDO_FUNCTIONS = new Set(['(garbage collector)', '(idle)', '(program)', '(root)']);

function functionKey(callFrame) {
  return `${callFrame.functionName}|${callFrame.url}|${callFrame.lineNumber}|${callFrame.columnNumber}`;
}

/**
 * Self and total time per function of a `.cpuprofile`, from its samples and their time deltas. Total time counts
 * a function once per sample even when it recurses. Returns `{ totalMs, functions, owners }`, both sorted by
 * self time; `owners` sums self time per package (gateway, fastify, undici, zod, node:internal/…).
 */
export function cpuProfileSelfTimes(profile) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const functions = new Map();
  const entryOf = (node) => {
    const key = functionKey(node.callFrame);
    let entry = functions.get(key);
    if (entry === undefined) {
      const name = node.callFrame.functionName || '(anonymous)';
      entry = { name, ...sourceLocation(node.callFrame), selfMs: 0, totalMs: 0 };
      if (PSEUDO_FUNCTIONS.has(name)) entry.owner = name;
      functions.set(key, entry);
    }
    return entry;
  };
  let totalMs = 0;
  profile.samples.forEach((sampleId, index) => {
    const deltaMs = (profile.timeDeltas[index] ?? 0) / 1000;
    totalMs += deltaMs;
    entryOf(nodes.get(sampleId)).selfMs += deltaMs;
    const seen = new Set();
    for (let id = sampleId; id !== undefined; id = parents.get(id)) {
      const entry = entryOf(nodes.get(id));
      if (!seen.has(entry)) entry.totalMs += deltaMs;
      seen.add(entry);
    }
  });
  const owners = new Map();
  for (const entry of functions.values())
    owners.set(entry.owner, (owners.get(entry.owner) ?? 0) + entry.selfMs);
  return {
    totalMs,
    functions: [...functions.values()].sort((a, b) => b.selfMs - a.selfMs),
    owners: [...owners].map(([owner, selfMs]) => ({ owner, selfMs })).sort((a, b) => b.selfMs - a.selfMs),
  };
}
