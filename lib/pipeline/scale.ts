// ps:scale: how many instances of each process type run; applied by a zero-downtime restart.
import { Hop3Error } from '../errors.js';
import type { Reporter } from '../output/reporter.js';
import { loadArtifact } from './build.js';
import { restartApp } from './restart.js';
import type { Services } from './services.js';

/** The most instances of one process type hop3 starts. */
export const MAX_INSTANCES = 32;

/** Parses "web=3" arguments into counts; E_USAGE on anything else. */
export function parseScale(args: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const arg of args) {
    const m = /^([a-z][a-z0-9_-]{0,29})=(\d{1,3})$/.exec(arg);
    if (!m?.[1] || Number(m[2]) > MAX_INSTANCES) {
      throw new Hop3Error(
        'E_USAGE',
        `expected PROCESS=COUNT (0 to ${MAX_INSTANCES}), got ${JSON.stringify(arg)}`,
        { hint: 'ps:scale APP web=2 worker=1' },
      );
    }
    counts[m[1]] = Number(m[2]);
  }
  return counts;
}

/** Sets instance counts and restarts the app with them (the previous counts come back if that fails). */
export async function scaleApp(
  s: Services,
  appName: string,
  counts: Record<string, number>,
  log: Reporter,
): Promise<void> {
  const app = s.state.apps.get(appName);
  if (app.currentRelease !== null) {
    const current = s.state.releases.get(app.id, app.currentRelease, appName);
    const artifact = loadArtifact(s.paths, appName, current.buildNumber ?? current.number);
    const known = artifact.runtime.processes.filter((p) => p.kind !== 'cron').map((p) => p.name);
    for (const name of Object.keys(counts)) {
      if (!known.includes(name)) {
        throw new Hop3Error(
          'E_USAGE',
          `${appName} has no process type "${name}" (it has: ${known.join(', ') || 'none'})`,
          {
            hint: 'process types come from the Procfile',
          },
        );
      }
    }
  }
  const before = s.state.formation.all(app.id);
  s.state.formation.set(app.id, counts);
  log.step(
    `Scaling ${appName}: ${Object.entries(counts)
      .map(([p, n]) => `${p}=${n}`)
      .join(' ')}`,
  );
  if (app.currentRelease === null || app.stopped) {
    log.info(
      app.stopped
        ? 'the app is stopped: the counts apply when it starts'
        : 'the counts apply at the first deploy',
    );
    return;
  }
  try {
    await restartApp(s, appName, { log, require: true });
  } catch (error) {
    const names = Object.keys(counts);
    s.state.formation.unset(
      app.id,
      names.filter((p) => before[p] === undefined),
    );
    s.state.formation.set(
      app.id,
      Object.fromEntries(names.flatMap((p) => (before[p] === undefined ? [] : [[p, before[p]]]))),
    );
    throw error;
  }
}
