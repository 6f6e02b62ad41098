// Rollback: run an earlier successful release again — its build and its config snapshot — with no
// rebuild, through the same zero-downtime activation, recorded as a new release.
import { loadAppConfig } from '../domain/app-config.js';
import { Hop3Error } from '../errors.js';
import type { Reporter } from '../output/reporter.js';
import type { Release } from '../state/releases.js';
import { activate } from './activate.js';
import { hasArtifact, loadArtifact } from './build.js';
import { linkCurrent } from './deploy.js';
import { runtimeEnv } from './env.js';
import { acquireLock } from './lock.js';
import { beginActivity } from './reaper.js';
import type { Services } from './services.js';

/** Parses "v3" or "3" into a release number; E_USAGE otherwise. */
export function parseReleaseId(text: string): number {
  const m = /^v?(\d{1,9})$/.exec(text);
  if (!m?.[1] || Number(m[1]) < 1) {
    throw new Hop3Error('E_USAGE', `invalid release ${JSON.stringify(text)}: expected a number like v3 or 3`, { hint: 'run "releases APP" to list them' });
  }
  return Number(m[1]);
}

/** The release to roll back to: the given one, or the newest successful one before the current release. */
function chooseTarget(s: Services, appId: number, appName: string, current: number, wanted: number | undefined): Release {
  if (wanted !== undefined) {
    const target = s.state.releases.get(appId, wanted, appName);
    if (target.status !== 'succeeded') {
      throw new Hop3Error('E_RELEASE_NOT_FOUND', `v${wanted} of ${appName} ${target.status === 'failed' ? 'failed' : 'never finished'}: only successful releases can be rolled back to`, {
        hint: `run "releases ${appName}" to see the successful ones`,
      });
    }
    if (wanted === current) throw new Hop3Error('E_USAGE', `${appName} already runs v${wanted}`);
    return target;
  }
  const previous = s.state.releases.succeeded(appId).find((r) => r.number < current);
  if (!previous) throw new Hop3Error('E_RELEASE_NOT_FOUND', `${appName} has no successful release before v${current} to roll back to`);
  return previous;
}

/** Rolls the app back and returns the new release's number. */
export async function rollbackApp(
  s: Services,
  appName: string,
  opts: { target?: number; log: Reporter; pushedBy: string },
): Promise<number> {
  const lock = acquireLock(s.paths.locks, appName, 'a rollback');
  let activity: { end(): void } | undefined;
  try {
    const app = s.state.apps.get(appName);
    if (app.currentRelease === null) {
      throw new Hop3Error('E_NOT_DEPLOYED', `${appName} has not been deployed yet: there is nothing to roll back`);
    }
    const target = chooseTarget(s, app.id, appName, app.currentRelease, opts.target);
    const buildNumber = target.buildNumber ?? target.number;
    const dir = s.paths.release(appName, buildNumber);
    if (!hasArtifact(s.paths, appName, buildNumber)) {
      throw new Hop3Error('E_RELEASE_PRUNED', `the build of v${target.number} was removed: only the last ${s.settings.keepReleases} successful releases keep theirs`, {
        hint: `redeploy its commit instead: git push -f hop3 ${target.gitSha?.slice(0, 7) ?? '<sha>'}:main`,
      });
    }
    const release = s.state.releases.create({
      appId: app.id,
      gitSha: target.gitSha,
      description: `Rollback to v${target.number}`,
      buildNumber,
      config: target.config,
      pushedBy: opts.pushedBy,
    });
    opts.log.step(`Rolling ${appName} back to v${target.number} as v${release.number} (no rebuild)`);
    activity = await beginActivity(s, appName, 'a rollback');
    try {
      const config = loadAppConfig(dir);
      const env = runtimeEnv({ app: appName, release: release.number, config, vars: target.config, paths: s.paths, home: s.sandbox(appName).home });
      const info = await activate(s, { app, release: release.number, dir, artifact: loadArtifact(s.paths, appName, buildNumber), config, env, log: opts.log });
      s.state.transaction(() => {
        s.state.config.unset(app.id, Object.keys(s.state.config.all(app.id)));
        s.state.config.set(app.id, target.config);
      });
      s.state.releases.update(release.id, { deployer: info.deployer });
      s.state.releases.finish(release.id, 'succeeded');
      linkCurrent(s, appName, buildNumber);
    } catch (error) {
      s.state.releases.finish(release.id, 'failed', error instanceof Error ? error.message : String(error));
      throw error;
    }
    opts.log.step(`${appName} runs v${release.number} (v${target.number}'s build and config)`);
    return release.number;
  } finally {
    activity?.end();
    lock.release();
  }
}
