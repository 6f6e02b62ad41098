// The deploy pipeline, one screen: lock, receive, configure, build, release command, activate, record.
import { createWriteStream, rmSync, symlinkSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { provisionDeclaredAddons } from '../addons/declared.js';
import { loadAppConfig } from '../domain/app-config.js';
import { Hop3Error, isHop3Error } from '../errors.js';
import { createReporter, formatDuration, type LineSink, type Reporter } from '../output/reporter.js';
import { activate } from './activate.js';
import { checkTomlDomains } from './domains.js';
import { runAppCommand } from './app-command.js';
import { ensureAppIdentity } from '../identity/ensure.js';
import { buildRelease, saveArtifact } from './build.js';
import { buildInWorker } from './build-worker.js';
import { selectToolchain } from './detect.js';
import { discardRelease } from './discard.js';
import { ensureDataDir, runtimeEnv, secretValues } from './env.js';
import { acquireLock } from './lock.js';
import { beginActivity } from './reaper.js';
import { extractSource } from './receive.js';
import { checkDiskSpace, cleanupApp, formatBytes } from './retention.js';
import type { Services } from './services.js';
import { sourceTree } from './source-tree.js';

/** One revision to deploy. */
export interface DeployRequest {
  app: string;
  sha: string;
  description: string;
  pushedBy: string;
  /** Where the pusher sees the output (the build log gets a copy). */
  out: LineSink;
}

/** The outcome of a successful deploy. */
export interface DeployResult {
  release: number;
  url: string;
}

/** Points apps/<app>/current at a release directory (atomically). */
export function linkCurrent(s: Services, app: string, release: number): void {
  const link = s.paths.current(app);
  const tmp = `${link}.tmp-${process.pid}`;
  rmSync(tmp, { force: true });
  symlinkSync(join('releases', String(release)), tmp);
  renameSync(tmp, link);
}

/** Builds and activates one revision. Any failure before the switch leaves the old release serving. */
export async function deployRevision(s: Services, req: DeployRequest): Promise<DeployResult> {
  const started = performance.now();
  const lock = acquireLock(s.paths.locks, req.app, `a deploy of ${req.sha.slice(0, 7)}`);
  let activity: { end(): void } | undefined;
  let logStream: ReturnType<typeof createWriteStream> | undefined;
  const { app, release } = (() => {
    try {
      checkDiskSpace(s);
      const found = s.state.apps.ensure(req.app);
      s.state.releases.failInterrupted(found.id);
      const config = s.state.config.all(found.id);
      const created = s.state.releases.create({ appId: found.id, gitSha: req.sha, description: req.description, config, pushedBy: req.pushedBy });
      return { app: found, release: created };
    } catch (error) {
      lock.release();
      throw error;
    }
  })();
  const vars = release.config;
  const dir = s.paths.release(req.app, release.number);
  const logFile = join(s.paths.meta(req.app), `${release.number}.build.log`);
  const sandbox = s.sandbox(req.app);
  const stage = (name: string): void => s.state.releases.setStage(release.id, name);
  try {
    activity = await beginActivity(s, req.app, `a deploy of ${req.sha.slice(0, 7)}`, dir);
    stage('receive');
    await ensureAppIdentity(s.run, s.paths, s.settings, req.app);
    await extractSource(sandbox, s.paths.repo(req.app), req.sha, dir, s.paths.meta(req.app));
    logStream = createWriteStream(logFile, { flags: 'a', mode: 0o640 });
    const log = createReporter(req.out, logStream);
    for (const secret of secretValues(vars)) log.redact(secret);
    s.state.releases.update(release.id, { buildLog: logFile, buildNumber: release.number });
    log.step(`Deploying ${req.app} v${release.number} (${req.sha.slice(0, 7)})`);

    const config = loadAppConfig(dir);
    checkTomlDomains(s, req.app, config);
    await provisionDeclaredAddons(s, req.app, config, log);
    ensureDataDir(s.paths, req.app);
    const env = runtimeEnv({ app: req.app, release: release.number, config, vars, paths: s.paths, home: sandbox.home });
    if (config.procfile.prebuild) {
      stage('prebuild');
      await runAppCommand(sandbox.run, { label: 'prebuild', command: config.procfile.prebuild, dir, env, code: 'E_HOOK_FAILED' }, log);
    }
    stage('build');
    const { toolchain } = await selectToolchain(s.plugins, sourceTree(dir), config, log);
    const input = { app: req.app, release: release.number, sha: req.sha, dir, config, env, toolchain, log };
    const artifact =
      sandbox.user === undefined
        ? await buildRelease(s, input)
        : await buildInWorker(sandbox, { ...input, home: s.paths.home, settings: s.settings, toolchain: toolchain.name }, s.settings.hop3Command, (line) => (log.raw ? log.raw(line) : log.info(line)), log);
    saveArtifact(s.paths, req.app, release.number, artifact);
    const runEnv = { ...artifact.runtime.env, ...env, PATH: [...artifact.runtime.path, env.PATH].join(':') };
    if (config.procfile.postbuild) {
      stage('postbuild');
      await runAppCommand(sandbox.run, { label: 'postbuild', command: config.procfile.postbuild, dir, env: runEnv, code: 'E_HOOK_FAILED' }, log);
    }
    if (artifact.runtime.release) {
      stage('release');
      await runAppCommand(sandbox.run, { label: 'release command', command: artifact.runtime.release, dir, env: runEnv, code: 'E_RELEASE_FAILED' }, log);
    }
    const info = await activate(s, { app, release: release.number, dir, artifact, config, env, log, onStage: stage });
    s.state.releases.update(release.id, { deployer: info.deployer });
    s.state.releases.finish(release.id, 'succeeded');
    linkCurrent(s, req.app, release.number);
    await pruneOldBuilds(s, req.app, log);
    const url = `http://${req.app}.${s.settings.domain}/`;
    log.step(`Deployed ${req.app} v${release.number} in ${formatDuration(performance.now() - started)}: ${url}`);
    return { release: release.number, url };
  } catch (error) {
    const message = isHop3Error(error) ? error.message : error instanceof Error ? error.message : String(error);
    s.state.releases.finish(release.id, 'failed', message);
    logStream?.write(` !     ${message}\n`);
    // The log opens asynchronously: close it (complete, on disk) before its release directory goes.
    const stream = logStream;
    logStream = undefined;
    if (stream) await new Promise<void>((done) => stream.end(() => done()));
    await discardRelease(s, req.app, release.number);
    throw error;
  } finally {
    logStream?.end();
    activity?.end();
    lock.release();
  }
}

/** Applies retention after a successful deploy; a failure to clean never fails the deploy. */
async function pruneOldBuilds(s: Services, app: string, log: Reporter): Promise<void> {
  try {
    const result = await cleanupApp(s, app);
    if (result.builds.length > 0 || result.cacheEntries.length > 0) {
      log.info(`removed ${result.builds.length} old build(s) and ${result.cacheEntries.length} unused cache entr${result.cacheEntries.length === 1 ? 'y' : 'ies'} (${formatBytes(result.freedBytes)})`);
    }
  } catch (error) {
    log.warn(`could not remove old builds: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Rebuilds and redeploys the revision the app currently runs (`hop3 deploy APP`). */
export async function redeploy(s: Services, appName: string, opts: { out: LineSink; pushedBy: string }): Promise<DeployResult> {
  const app = s.state.apps.get(appName);
  const current = app.currentRelease === null ? undefined : s.state.releases.find(app.id, app.currentRelease);
  const sha = current?.gitSha;
  if (!sha) {
    throw new Hop3Error('E_NOT_DEPLOYED', `${appName} has never been deployed: there is no source to rebuild`, {
      hint: `push it first: git push hop3@<host>:${appName} main`,
    });
  }
  return deployRevision(s, { app: appName, sha, description: `Rebuild ${sha.slice(0, 7)}`, pushedBy: opts.pushedBy, out: opts.out });
}
