// The release lifecycle: every change to what an app runs (deploy, restart, config:set/unset, ps:scale,
// rollback, addons:attach/detach) goes through runRelease, which owns the app's lock, the watcher, the
// release row, its stages and log, the environment (addons computed now, in memory), the zero-downtime
// activation, and finishing the release, or failing it and discarding a new build.
import { createWriteStream, renameSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../domain/app-config.js';
import { secretValues } from '../domain/secrets.js';
import { createReporter, type LineSink, type Reporter } from '../output/reporter.js';
import type { BuildArtifact, DeploymentInfo } from '../sdk.js';
import type { App } from '../state/apps.js';
import { acquireLock } from '../state/lock.js';
import type { NewRelease } from '../state/releases.js';
import { activate } from './activate.js';
import { addonEnvStage } from './addon-env.js';
import { discardRelease } from './discard.js';
import { runtimeEnv } from './env.js';
import { beginActivity } from './reaper.js';
import type { Services } from './services.js';

/** What a change runs, decided under the lock from the app's row (read once). */
export interface ReleasePlan {
  app: App;
  /** The release row to record; none: a plain restart runs the current release again. */
  record?: Omit<NewRelease, 'appId' | 'buildNumber'>;
  /** The build the processes run: 'new' (a deploy: watched, discarded on failure) or an existing build's number. */
  build: 'new' | number;
  /** The release number the processes run as when nothing is recorded. */
  number?: number;
  /** Make the build the app's `current` one once the release succeeded (deploy, rollback). */
  link?: boolean;
}

/** What the stages hand to the activation. */
export interface Ready {
  artifact: BuildArtifact;
  config: AppConfig;
  env: Record<string, string>;
}

/** One release in progress, as its stages see it. */
export interface ReleaseRun {
  app: App;
  /** The release number the processes run as. */
  number: number;
  /** The build they run (the release's own number for a deploy). */
  build: number;
  /** The build's directory (`releases/<build>`). */
  dir: string;
  /** The config vars this release runs with. */
  vars: Record<string, string>;
  /** Where progress goes (the build log too, once opened). */
  log: Reporter;
  /** Records the stage a new build has reached (what a killed deploy was doing). */
  stage: (name: string) => void;
  /** Opens the build log (`meta/<n>.build.log`): progress goes to `out` and to it from now on, secrets masked. */
  openLog(out: LineSink): Reporter;
  /** The environment the app's commands and processes get now: its ENV file, its addons, its config vars, hop3's. */
  env(config: AppConfig): Record<string, string>;
}

/** A change to what an app runs. */
export interface Change<T> {
  app: string;
  /** What the lock and the watcher say is in progress ("a deploy of abc1234"). */
  what: string;
  log: Reporter;
  /** Under the lock, before anything is recorded: checks, then what to run. null: nothing to do now. */
  plan(): ReleasePlan | null;
  /** The stages before the processes start. */
  prepare(r: ReleaseRun): Promise<Ready>;
  /** After the switch, before the release is recorded as succeeded (rollback's config). */
  commit?(r: ReleaseRun, info: DeploymentInfo): void;
  /** After the release succeeded, still under the lock; its result is runRelease's. */
  done(r: ReleaseRun): Promise<T> | T;
  /** After a recorded release failed (marked failed, a new build discarded), before the error goes on. */
  failed?(r: ReleaseRun, error: unknown): void;
}

/** Points apps/<app>/current at a release directory (atomically). */
export function linkCurrent(s: Pick<Services, 'paths'>, app: string, build: number): void {
  const link = s.paths.current(app);
  const tmp = `${link}.tmp-${process.pid}`;
  rmSync(tmp, { force: true });
  symlinkSync(join('releases', String(build)), tmp);
  renameSync(tmp, link);
}

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/** Runs one change through the lifecycle; undefined when its plan said there was nothing to do. */
export async function runRelease<T>(s: Services, change: Change<T>): Promise<T | undefined> {
  const lock = acquireLock(s.paths.locks, change.app, change.what);
  let activity: { end(): void } | undefined;
  let logStream: ReturnType<typeof createWriteStream> | undefined;
  try {
    const plan = change.plan();
    if (!plan) return undefined;
    const { app } = plan;
    const fresh = plan.build === 'new';
    const release = plan.record
      ? s.state.releases.create({
          ...plan.record,
          appId: app.id,
          ...(fresh ? {} : { buildNumber: plan.build as number }),
        })
      : undefined;
    const number = release?.number ?? plan.number ?? app.currentRelease ?? 0;
    const build = fresh ? number : (plan.build as number);
    const dir = s.paths.release(change.app, build);
    const r: ReleaseRun = {
      app,
      number,
      build,
      dir,
      vars: release?.config ?? s.state.config.all(app.id),
      log: change.log,
      stage: (name) => {
        if (fresh && release) s.state.releases.setStage(release.id, name);
      },
      openLog(out) {
        const file = join(s.paths.meta(change.app), `${number}.build.log`);
        logStream = createWriteStream(file, { flags: 'a', mode: 0o640 });
        r.log = createReporter(out, logStream);
        for (const secret of secretValues(r.vars)) r.log.redact(secret);
        if (release) s.state.releases.update(release.id, { buildLog: file, buildNumber: number });
        return r.log;
      },
      env: (config) =>
        runtimeEnv({
          app: change.app,
          release: number,
          config,
          vars: r.vars,
          addons: addonEnvStage(s, app, r.log),
          paths: s.paths,
          home: s.sandbox(change.app).home,
        }),
    };
    try {
      activity = await beginActivity(s, change.app, change.what, fresh ? dir : undefined);
      const ready = await change.prepare(r);
      const info = await activate(s, {
        app,
        release: number,
        dir,
        ...ready,
        log: r.log,
        onStage: r.stage,
      });
      change.commit?.(r, info);
      if (release) {
        s.state.releases.update(release.id, { deployer: info.deployer });
        s.state.releases.finish(release.id, 'succeeded');
      }
      if (plan.link) linkCurrent(s, change.app, build);
    } catch (error) {
      if (!release) throw error;
      s.state.releases.finish(release.id, 'failed', messageOf(error));
      if (fresh) {
        logStream?.write(` !     ${messageOf(error)}\n`);
        // The log opens asynchronously: close it (complete, on disk) before its release directory goes.
        const stream = logStream;
        logStream = undefined;
        if (stream) await new Promise<void>((done) => stream.end(() => done()));
        await discardRelease(s, change.app, number);
      }
      change.failed?.(r, error);
      throw error;
    }
    return await change.done(r);
  } finally {
    logStream?.end();
    activity?.end();
    lock.release();
  }
}
