import { statSync } from 'node:fs';
import { cpuProfileSelfTimes } from './cpu-profile-self-times.mjs';
import { mappedBuiltFiles } from './source-location.mjs';

const IDLE = new Set(['(idle)', '(program)']);

function percent(part, whole) {
  return `${((100 * part) / whole).toFixed(1).padStart(5)}%`;
}

function perRequest(selfMs, requests) {
  return requests === undefined ? '' : `${((1000 * selfMs) / requests).toFixed(1).padStart(7)} `;
}

function rebuiltWarning(path, totalMs) {
  const profiledSince = statSync(path).mtimeMs - totalMs;
  const rebuilt = mappedBuiltFiles().filter((file) => statSync(file).mtimeMs > profiledSince);
  if (rebuilt.length === 0) return [];
  return [
    '',
    `warning: rebuilt since this profile was taken, so their file:line may be off:\n  ${rebuilt.join('\n  ')}`,
  ];
}

/**
 * The text summary of one `.cpuprofile`: the `top` functions by self time (with total time and file:line), then
 * self time per owner. `excludeIdle` leaves out (idle) and (program) and takes percentages of busy time; with
 * `requests`, every line also shows microseconds per request.
 */
export function formatCpuProfileSummary(path, profile, { top, excludeIdle, requests }) {
  const { totalMs, functions, owners } = cpuProfileSelfTimes(profile);
  const idleMs = functions
    .filter((entry) => IDLE.has(entry.name))
    .reduce((sum, entry) => sum + entry.selfMs, 0);
  const baseMs = excludeIdle ? totalMs - idleMs : totalMs;
  const perRequestTitle = requests === undefined ? '' : ' µs/req ';
  const lines = [
    path,
    `sampled ${(totalMs / 1000).toFixed(1)} s, of which ${(idleMs / 1000).toFixed(1)} s idle/program; ` +
      `percentages of ${excludeIdle ? 'busy' : 'all'} time${requests === undefined ? '' : `, ${requests} requests`}`,
    '',
    `${perRequestTitle}  self ms   self   total ms  function  (owner)  file:line`,
  ];
  for (const entry of functions.filter((item) => !excludeIdle || !IDLE.has(item.name)).slice(0, top)) {
    const times = `${entry.selfMs.toFixed(0).padStart(8)} ${percent(entry.selfMs, baseMs)} ${entry.totalMs.toFixed(0).padStart(9)}`;
    const owner = entry.owner === entry.name ? '' : `  (${entry.owner})`;
    lines.push(`${perRequest(entry.selfMs, requests)}${times}  ${entry.name}${owner}  ${entry.where}`);
  }
  lines.push('', `${perRequestTitle}  self ms   self  owner`);
  for (const { owner, selfMs } of owners
    .filter((item) => !excludeIdle || !IDLE.has(item.owner))
    .slice(0, top)) {
    lines.push(
      `${perRequest(selfMs, requests)}${selfMs.toFixed(0).padStart(8)} ${percent(selfMs, baseMs)}  ${owner}`,
    );
  }
  return [...lines, ...rebuiltWarning(path, totalMs)].join('\n');
}
