// Restart paths that need no build: config changes, restart, start, stop, and process status.
import { join } from 'node:path';
import { loadAppConfig } from '../domain/app-config.js';
import { Hop3Error } from '../errors.js';
import type { Reporter } from '../output/reporter.js';
import type { InstanceStatus } from '../sdk.js';
import { activate, retireAll } from './activate.js';
import { loadArtifact } from './build.js';
import { runtimeEnv } from './env.js';
import { acquireLock } from './lock.js';
import { beginActivity } from './reaper.js';
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
export async function restartApp(s: Services, appName: string, opts: RestartOptions): Promise<void> {
  const what = opts.description ? `a config change (${opts.description})` : 'a restart';
  const lock = acquireLock(s.paths.locks, appName, what);
  let activity: { end(): void } | undefined;
  try {
    const app = s.state.apps.get(appName);
    const current = app.currentRelease === null ? undefined : s.state.releases.find(app.id, app.currentRelease);
    if (!current) {
      if (opts.require) {
        throw new Hop3Error('E_NOT_DEPLOYED', `${appName} has not been deployed yet`, { hint: `push it first: git push hop3@<host>:${appName} main` });
      }
      opts.log.info(`${appName} is not deployed yet: the change applies at the first deploy`);
      return;
    }
    const buildNumber = current.buildNumber ?? current.number;
    const dir = s.paths.release(appName, buildNumber);
    const artifact = loadArtifact(s.paths, appName, buildNumber);
    const config = loadAppConfig(dir);
    const vars = s.state.config.all(app.id);
    const release = opts.description
      ? s.state.releases.create({ appId: app.id, gitSha: current.gitSha, description: opts.description, buildNumber, config: vars })
      : undefined;
    const number = release?.number ?? current.number;
    const env = runtimeEnv({ app: appName, release: number, config, vars, paths: s.paths, home: s.sandbox(appName).home });
    opts.log.step(release ? `Releasing ${appName} v${number} (${opts.description ?? ''})` : `Restarting ${appName} v${number}`);
    activity = await beginActivity(s, appName, what);
    try {
      const info = await activate(s, { app, release: number, dir, artifact, config, env, log: opts.log });
      if (release) {
        s.state.releases.update(release.id, { deployer: info.deployer });
        s.state.releases.finish(release.id, 'succeeded');
      }
    } catch (error) {
      if (release) s.state.releases.finish(release.id, 'failed', error instanceof Error ? error.message : String(error));
      throw error;
    }
    opts.log.step(`${appName} v${number} is running`);
  } finally {
    activity?.end();
    lock.release();
  }
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
  const current = app.currentRelease === null ? undefined : s.state.releases.find(app.id, app.currentRelease);
  if (current) {
    const artifact = loadArtifact(s.paths, appName, current.buildNumber ?? current.number);
    for (const p of artifact.runtime.processes) {
      if (all.some((i) => i.process === p.name)) continue;
      all.push({ process: p.name, kind: p.kind, index: 1, generation: app.generation, state: 'stopped', restarts: 0, logFile: join(s.paths.logs(appName), `${p.name}.1.log`) });
    }
  }
  return all.sort((a, b) => a.generation - b.generation || a.process.localeCompare(b.process) || a.index - b.index);
}
