// Rollback: run an earlier successful release again — its build and its config snapshot — with no
// rebuild, through the same zero-downtime activation, recorded as a new release.
import { loadAppConfig } from '../domain/app-config.js';
import { Hop3Error } from '../errors.js';
import type { Reporter } from '../output/reporter.js';
import type { Release } from '../state/releases.js';
import { hasArtifact, loadArtifact } from './build.js';
import { runRelease } from './lifecycle.js';
import type { Services } from './services.js';

/** Parses "v3" or "3" into a release number; E_USAGE otherwise. */
export function parseReleaseId(text: string): number {
  const m = /^v?(\d{1,9})$/.exec(text);
  if (!m?.[1] || Number(m[1]) < 1) {
    throw new Hop3Error(
      'E_USAGE',
      `invalid release ${JSON.stringify(text)}: expected a number like v3 or 3`,
      { hint: 'run "releases APP" to list them' },
    );
  }
  return Number(m[1]);
}

/** The release to roll back to: the given one, or the newest successful one before the current release. */
function chooseTarget(
  s: Services,
  appId: number,
  appName: string,
  current: number,
  wanted: number | undefined,
): Release {
  if (wanted !== undefined) {
    const target = s.state.releases.get(appId, wanted, appName);
    if (target.status !== 'succeeded') {
      throw new Hop3Error(
        'E_RELEASE_NOT_FOUND',
        `v${wanted} of ${appName} ${target.status === 'failed' ? 'failed' : 'never finished'}: only successful releases can be rolled back to`,
        {
          hint: `run "releases ${appName}" to see the successful ones`,
        },
      );
    }
    if (wanted === current) throw new Hop3Error('E_USAGE', `${appName} already runs v${wanted}`);
    return target;
  }
  const previous = s.state.releases.succeeded(appId).find((r) => r.number < current);
  if (!previous)
    throw new Hop3Error(
      'E_RELEASE_NOT_FOUND',
      `${appName} has no successful release before v${current} to roll back to`,
    );
  return previous;
}

/** Rolls the app back and returns the new release's number. */
export async function rollbackApp(
  s: Services,
  appName: string,
  opts: { target?: number; log: Reporter; pushedBy: string },
): Promise<number> {
  let target: Release | undefined;
  const number = await runRelease(s, {
    app: appName,
    what: 'a rollback',
    log: opts.log,
    plan() {
      const app = s.state.apps.get(appName);
      if (app.currentRelease === null) {
        throw new Hop3Error(
          'E_NOT_DEPLOYED',
          `${appName} has not been deployed yet: there is nothing to roll back`,
        );
      }
      const chosen = chooseTarget(s, app.id, appName, app.currentRelease, opts.target);
      target = chosen;
      const build = chosen.buildNumber ?? chosen.number;
      if (!hasArtifact(s.paths, appName, build)) {
        throw new Hop3Error(
          'E_RELEASE_PRUNED',
          `the build of v${chosen.number} was removed: only the last ${s.settings.keepReleases} successful releases keep theirs`,
          {
            hint: `redeploy its commit instead: git push -f hop3 ${chosen.gitSha?.slice(0, 7) ?? '<sha>'}:main`,
          },
        );
      }
      const record = {
        gitSha: chosen.gitSha,
        description: `Rollback to v${chosen.number}`,
        config: chosen.config,
        pushedBy: opts.pushedBy,
      };
      return { app, record, build, link: true };
    },
    prepare(r) {
      opts.log.step(
        `Rolling ${appName} back to v${target?.number ?? '?'} as v${r.number} (no rebuild)`,
      );
      const config = loadAppConfig(r.dir);
      return Promise.resolve({
        artifact: loadArtifact(s.paths, appName, r.build),
        config,
        env: r.env(config),
      });
    },
    commit(r) {
      // The rolled-back-to config becomes the app's config: the next config:set starts from it.
      s.state.transaction(() => {
        s.state.config.unset(r.app.id, Object.keys(s.state.config.all(r.app.id)));
        s.state.config.set(r.app.id, r.vars);
      });
    },
    done(r) {
      opts.log.step(`${appName} runs v${r.number} (v${target?.number ?? '?'}'s build and config)`);
      return r.number;
    },
  });
  if (number === undefined)
    throw new Hop3Error('E_INTERNAL', `the rollback of ${appName} recorded nothing`);
  return number;
}
