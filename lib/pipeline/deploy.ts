// The deploy pipeline, one screen: receive, detect, build, the BuildArtifact, then the release lifecycle
// (lifecycle.ts) starts it with its addons' env, switches the proxy and records it.
import { randomBytes } from 'node:crypto';
import { loadAppConfig } from '../domain/app-config.js';
import { provisionDeclaredAddons } from '../addons/declared.js';
import { Hop3Error, isHop3Error } from '../errors.js';
import { ensureAppIdentity } from '../identity/ensure.js';
import {
  createReporter,
  formatDuration,
  type LineSink,
  type Reporter,
} from '../output/reporter.js';
import { artifactEnv } from '../sdk.js';
import { runAppCommand } from './app-command.js';
import { buildRelease, saveArtifact } from './build.js';
import { buildInWorker } from './build-worker.js';
import { selectToolchain } from './detect.js';
import { checkTomlDomains } from './domains.js';
import { ensureDataDir } from './env.js';
import { runRelease } from './lifecycle.js';
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

/** Builds and activates one revision. Any failure before the switch leaves the old release serving. */
export async function deployRevision(s: Services, req: DeployRequest): Promise<DeployResult> {
  const started = performance.now();
  const sha = req.sha.slice(0, 7);
  let postdeploy: { command: string; env: Record<string, string> } | undefined;
  const result = await runRelease(s, {
    app: req.app,
    what: `a deploy of ${sha}`,
    log: createReporter(req.out),
    plan() {
      checkDiskSpace(s);
      const app = s.state.apps.ensure(req.app);
      s.state.releases.failInterrupted(app.id);
      const record = {
        gitSha: req.sha,
        description: req.description,
        config: s.state.config.all(app.id),
        pushedBy: req.pushedBy,
      };
      return { app, record, build: 'new', link: true };
    },
    async prepare(r) {
      const sandbox = s.sandbox(req.app);
      r.stage('receive');
      await ensureAppIdentity(s.run, s.paths, s.settings, req.app);
      await extractSource(sandbox, s.paths.repo(req.app), req.sha, r.dir, s.paths.meta(req.app));
      const log = r.openLog(req.out);
      log.step(`Deploying ${req.app} v${r.number} (${sha})`);
      const config = loadAppConfig(r.dir);
      for (const note of config.notes ?? []) log.info(note);
      for (const note of config.dokku?.notes ?? []) log.info(note);
      const generated = Object.fromEntries(
        (config.dokku?.secrets ?? [])
          .filter((name) => r.vars[name] === undefined)
          .map((name) => [name, randomBytes(32).toString('hex')]),
      );
      if (Object.keys(generated).length > 0) {
        // app.json `generator: "secret"`: created once, kept as a config var from now on.
        s.state.config.set(r.app.id, generated);
        r.vars = { ...r.vars, ...generated };
        const row = s.state.releases.find(r.app.id, r.number);
        if (row) s.state.releases.update(row.id, { config: r.vars });
        for (const value of Object.values(generated)) log.redact(value);
        log.info(`app.json: generated ${Object.keys(generated).join(', ')} (config vars)`);
      }
      checkTomlDomains(s, req.app, config);
      await provisionDeclaredAddons(s, r.app, config, log);
      ensureDataDir(s.paths, req.app);
      const env = r.env(config);
      const hook = async (
        stage: 'prebuild' | 'postbuild' | 'release' | 'predeploy',
        command: string,
        hookEnv: Record<string, string>,
      ): Promise<void> => {
        r.stage(stage);
        const label =
          stage === 'release'
            ? 'release command'
            : stage === 'predeploy'
              ? 'app.json predeploy'
              : stage;
        await runAppCommand(
          sandbox.run,
          {
            label,
            command,
            dir: r.dir,
            env: hookEnv,
            code:
              stage === 'release' || stage === 'predeploy' ? 'E_RELEASE_FAILED' : 'E_HOOK_FAILED',
          },
          log,
        );
      };
      if (config.procfile.prebuild) await hook('prebuild', config.procfile.prebuild, env);
      r.stage('build');
      const { toolchain } = await selectToolchain(s.plugins, sourceTree(r.dir), config, log);
      const input = {
        app: req.app,
        release: r.number,
        sha: req.sha,
        dir: r.dir,
        config,
        env,
        toolchain,
        log,
      };
      const artifact =
        sandbox.user === undefined
          ? await buildRelease(s, input)
          : await buildInWorker(
              sandbox,
              { ...input, home: s.paths.home, settings: s.settings, toolchain: toolchain.name },
              s.settings.hop3Command,
              (line) => (log.raw ? log.raw(line) : log.info(line)),
              log,
            );
      saveArtifact(s.paths, req.app, r.number, artifact);
      if (config.procfile.postbuild)
        await hook('postbuild', config.procfile.postbuild, artifactEnv(artifact.runtime, env));
      if (artifact.runtime.release)
        await hook('release', artifact.runtime.release, artifactEnv(artifact.runtime, env));
      if (config.dokku?.predeploy)
        await hook('predeploy', config.dokku.predeploy, artifactEnv(artifact.runtime, env));
      postdeploy = config.dokku?.postdeploy
        ? { command: config.dokku.postdeploy, env: artifactEnv(artifact.runtime, env) }
        : undefined;
      return { artifact, config, env };
    },
    async done(r) {
      if (postdeploy) await runPostdeploy(s, req.app, r.dir, postdeploy, r.log);
      await pruneOldBuilds(s, req.app, r.log);
      const url = `http://${req.app}.${s.settings.domain}/`;
      r.log.step(
        `Deployed ${req.app} v${r.number} in ${formatDuration(performance.now() - started)}: ${url}`,
      );
      recordDeploy(s, req, `${req.description}: v${r.number} succeeded`);
      return { release: r.number, url };
    },
    failed(r, error) {
      recordDeploy(
        s,
        req,
        `${req.description}: v${r.number} failed (${isHop3Error(error) ? error.code : 'internal error'})`,
      );
    },
  });
  if (!result) throw new Hop3Error('E_INTERNAL', `the deploy of ${req.app} recorded nothing`);
  return result;
}

/** Records a push or rebuild in the event log (`deploy`, by the pusher); a failure to record never fails the deploy. */
function recordDeploy(s: Services, req: DeployRequest, summary: string): void {
  try {
    s.state.events.record(
      { app: req.app, actor: req.pushedBy, action: 'deploy', summary },
      s.settings.events,
    );
  } catch {
    // the event log is a record, not part of the deploy
  }
}

/** Runs app.json's postdeploy after the switch: the new release already serves, so a failure is a warning. */
async function runPostdeploy(
  s: Services,
  app: string,
  dir: string,
  script: { command: string; env: Record<string, string> },
  log: Reporter,
): Promise<void> {
  try {
    await runAppCommand(
      s.sandbox(app).run,
      {
        label: 'app.json postdeploy',
        command: script.command,
        dir,
        env: script.env,
        code: 'E_HOOK_FAILED',
      },
      log,
    );
  } catch (error) {
    log.warn(
      `${error instanceof Error ? error.message : String(error)}: the new release keeps serving (postdeploy runs after the switch; nothing is rolled back)`,
    );
  }
}

/** Applies retention after a successful deploy; a failure to clean never fails the deploy. */
async function pruneOldBuilds(s: Services, app: string, log: Reporter): Promise<void> {
  try {
    const result = await cleanupApp(s, app);
    if (result.builds.length > 0 || result.cacheEntries.length > 0) {
      log.info(
        `removed ${result.builds.length} old build(s) and ${result.cacheEntries.length} unused cache entr${result.cacheEntries.length === 1 ? 'y' : 'ies'} (${formatBytes(result.freedBytes)})`,
      );
    }
  } catch (error) {
    log.warn(
      `could not remove old builds: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** Rebuilds and redeploys the revision the app currently runs (`hop3 deploy APP`). */
export async function redeploy(
  s: Services,
  appName: string,
  opts: { out: LineSink; pushedBy: string },
): Promise<DeployResult> {
  const app = s.state.apps.get(appName);
  const current =
    app.currentRelease === null ? undefined : s.state.releases.find(app.id, app.currentRelease);
  const sha = current?.gitSha;
  if (!sha) {
    throw new Hop3Error(
      'E_NOT_DEPLOYED',
      `${appName} has never been deployed: there is no source to rebuild`,
      {
        hint: `push it first: git push hop3@<host>:${appName} main`,
      },
    );
  }
  return deployRevision(s, {
    app: appName,
    sha,
    description: `Rebuild ${sha.slice(0, 7)}`,
    pushedBy: opts.pushedBy,
    out: opts.out,
  });
}
