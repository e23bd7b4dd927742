import { cpus } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';

function totals() {
  let busy = 0;
  let all = 0;
  for (const { times } of cpus()) {
    const sum = times.user + times.nice + times.sys + times.irq + times.idle;
    all += sum;
    busy += sum - times.idle;
  }
  return { busy, all };
}

/** The share of all CPUs that was busy over `sampleMs`, before the benchmark starts anything: other work. */
export async function machineBusyFraction(sampleMs = 1000) {
  const before = totals();
  await sleep(sampleMs);
  const after = totals();
  return (after.busy - before.busy) / Math.max(1, after.all - before.all);
}
