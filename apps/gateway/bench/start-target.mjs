import { join } from 'node:path';
import { spawnTargetProcess } from './spawn-target-process.mjs';

function profileFlags(settings, profileName) {
  if (profileName === undefined) return [];
  return ['--cpu-prof', `--cpu-prof-dir=${settings.profileDirectory}`, `--cpu-prof-name=${profileName}`];
}

/**
 * Starts `target` (from `targets.mjs`) in front of its upstream emulator, which answers the workload's scenario for
 * that upstream, in fresh processes: `shared` runs the emulator in the target's process, `split` runs it in a
 * process of its own. With a `profileName`, the target's process writes a CPU profile of that name when it stops.
 * Resolves to `{ url, processes: { target, emulator? }, profilePath, stop() }`.
 */
export async function startTarget(target, workload, settings, profileName) {
  const execArgv = profileFlags(settings, profileName);
  const label = `the ${target.name} process (${workload.name})`;
  const upstream = { upstream: target.upstream, scenario: workload.scenarios[target.upstream] };
  const profilePath = profileName === undefined ? undefined : join(settings.profileDirectory, profileName);
  if (settings.topology === 'shared') {
    const roles = ['emulator', target.name];
    const both = await spawnTargetProcess({ roles, ...upstream }, { label, execArgv });
    return { url: both.urls[target.name], processes: { target: both }, profilePath, stop: () => both.stop() };
  }
  const emulator = await spawnTargetProcess(
    { roles: ['emulator'], ...upstream },
    { label: `the ${target.upstream} emulator process (${workload.name})` },
  );
  try {
    const alone = await spawnTargetProcess(
      { roles: [target.name], emulator: emulator.urls.emulator },
      { label, execArgv },
    );
    return {
      url: alone.urls[target.name],
      processes: { target: alone, emulator },
      profilePath,
      stop: async () => {
        await alone.stop();
        await emulator.stop();
      },
    };
  } catch (error) {
    await emulator.stop();
    throw error;
  }
}
