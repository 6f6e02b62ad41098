// Restart paths that need no build: config changes, restart, start, stop, and process status.
import { join } from 'node:path';
import { loadAppConfig, type AppConfig } from '../domain/app-config.js';
import { Hop3Error } from '../errors.js';
import type { Reporter } from '../output/reporter.js';
import type { BuildArtifact, InstanceStatus } from '../sdk.js';
import { acquireLock } from '../state/lock.js';
import { retireAll } from './activate.js';
import { loadArtifact } from './build.js';
import { runRelease } from './lifecycle.js';
import type { Services } from './services.js';

/** How to restart. */
export interface RestartOptions {
  log: Reporter;
  /** When set, the restart records a new release with this description (config changes). */
  description?: string;
  /** Fail when the app has never been deployed (restart/start) instead of just storing the change. */
  require?: boolean;
}

/**
 * Starts the current build again with the current config vars: new processes beside the old ones,
 * health check, proxy switch, old ones retired. With a description, records a new release (Heroku style).
 */
export async function restartApp(
  s: Services,
  appName: string,
  opts: RestartOptions,
): Promise<void> {
  let build: { artifact: BuildArtifact; config: AppConfig } | undefined;
  await runRelease(s, {
    app: appName,
    what: opts.description ? `a config change (${opts.description})` : 'a restart',
    log: opts.log,
    plan() {
      const app = s.state.apps.get(appName);
      const current =
        app.currentRelease === null ? undefined : s.state.releases.find(app.id, app.currentRelease);
      if (!current) {
        if (opts.require) {
          throw new Hop3Error('E_NOT_DEPLOYED', `${appName} has not been deployed yet`, {
            hint: `push it first: git push hop3@<host>:${appName} main`,
          });
        }
        opts.log.info(`${appName} is not deployed yet: the change applies at the first deploy`);
        return null;
      }
      const number = current.buildNumber ?? current.number;
      build = {
        artifact: loadArtifact(s.paths, appName, number),
        config: loadAppConfig(s.paths.release(appName, number)),
      };
      const record = opts.description
        ? {
            gitSha: current.gitSha,
            description: opts.description,
            config: s.state.config.all(app.id),
          }
        : undefined;
      return { app, build: number, number: current.number, ...(record ? { record } : {}) };
    },
    prepare(r) {
      const { artifact, config } = build as NonNullable<typeof build>;
      const env = r.env(config);
      opts.log.step(
        opts.description
          ? `Releasing ${appName} v${r.number} (${opts.description})`
          : `Restarting ${appName} v${r.number}`,
      );
      return Promise.resolve({ artifact, config, env });
    },
    done(r) {
      opts.log.step(`${appName} v${r.number} is running`);
    },
  });
}

/** Stops every process of the app and removes it from the proxy. */
export async function stopApp(s: Services, appName: string, log: Reporter): Promise<void> {
  const lock = acquireLock(s.paths.locks, appName, 'a stop');
  try {
    const app = s.state.apps.get(appName);
    await s.plugins.get('proxy', s.settings.proxy).instance.remove(appName);
    await retireAll(s, appName, undefined);
    s.state.apps.setStopped(app.id, true);
    log.step(`Stopped ${appName}`);
  } finally {
    lock.release();
  }
}

/**
 * Every instance of the app as the deployers see it, plus a `stopped` entry for each process type that
 * has no instance (app stopped, or scaled to 0).
 */
export async function appStatus(s: Services, appName: string): Promise<InstanceStatus[]> {
  const all: InstanceStatus[] = [];
  for (const d of s.plugins.all('deployer')) all.push(...(await d.instance.status(appName)));
  const app = s.state.apps.get(appName);
  const current =
    app.currentRelease === null ? undefined : s.state.releases.find(app.id, app.currentRelease);
  if (current) {
    const artifact = loadArtifact(s.paths, appName, current.buildNumber ?? current.number);
    for (const p of artifact.runtime.processes) {
      if (all.some((i) => i.process === p.name)) continue;
      all.push({
        process: p.name,
        kind: p.kind,
        index: 1,
        generation: app.generation,
        state: 'stopped',
        restarts: 0,
        logFile: join(s.paths.logs(appName), `${p.name}.1.log`),
      });
    }
  }
  return all.sort(
    (a, b) =>
      a.generation - b.generation || a.process.localeCompare(b.process) || a.index - b.index,
  );
}
