// Build: check the toolchain's binaries, run the builder, the custom build command, and save the artifact.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../atomic-write.js';
import { join } from 'node:path';
import type { AppConfig } from '../domain/app-config.js';
import { Hop3Error, isHop3Error } from '../errors.js';
import type { Reporter } from '../output/reporter.js';
import { which } from '../proc/which.js';
import {
  artifactEnv,
  type ArtifactParts,
  type BuildArtifact,
  type BuildContext,
  type LoadedToolchain,
} from '../sdk.js';
import { runAppCommand } from './app-command.js';
import type { Paths } from '../paths.js';
import type { Services } from './services.js';

/** What a build uses of the services (the build worker has no state). */
export type BuildServices = Pick<Services, 'paths' | 'settings' | 'plugins' | 'run'>;

/** The file a release's artifact is saved in. */
export const ARTIFACT_FILE = 'BUILD_ARTIFACT.json';

/** What one build needs. */
export interface BuildInput {
  app: string;
  release: number;
  sha: string;
  dir: string;
  config: AppConfig;
  env: Record<string, string>;
  toolchain: LoadedToolchain;
  log: Reporter;
}

/** Throws E_BINARY_MISSING naming the first binary the toolchain needs that is not installed. */
export function checkBinaries(s: BuildServices, toolchain: LoadedToolchain): void {
  for (const binary of toolchain.requires ?? []) {
    if (which(binary)) continue;
    const os = s.plugins
      .all('os')
      .find((p) => p.instance.packageFor(binary) !== undefined)?.instance;
    const pkg = os?.packageFor(binary);
    throw new Hop3Error(
      'E_BINARY_MISSING',
      `the ${toolchain.name} toolchain needs "${binary}", which is not installed`,
      {
        hint: pkg && os ? os.installHint([pkg]) : `install ${binary} on the server`,
      },
    );
  }
}

/** Builds the context toolchains use. */
export function createBuildContext(
  s: BuildServices,
  input: BuildInput,
  builder: string,
): BuildContext {
  const cacheDir = join(s.paths.cache(input.app), input.toolchain.name);
  mkdirSync(cacheDir, { recursive: true });
  const { config, dir, env, log } = input;
  return {
    app: input.app,
    release: input.release,
    sha: input.sha,
    sourceDir: dir,
    cacheDir,
    env,
    config,
    log,
    run: (file, args, options = {}) =>
      s.run(file, args, {
        cwd: dir,
        timeoutMs: 30 * 60_000,
        onLine: (line) => {
          if (line.trim()) log.info(line);
        },
        ...options,
        env: { ...env, ...options.env },
      }),
    hash(files, extra = '') {
      const h = createHash('sha256');
      for (const f of files) {
        const path = join(dir, f);
        h.update(`${f}\0`);
        if (existsSync(path)) h.update(readFileSync(path));
        h.update('\0');
      }
      h.update(extra);
      return h.digest('hex').slice(0, 16);
    },
    artifact(parts: ArtifactParts): BuildArtifact {
      const { procfile, toml } = config;
      const processes =
        procfile.processes.length > 0 ? procfile.processes : (parts.defaultProcesses ?? []);
      const hc = config.healthcheck ?? toml.healthcheck;
      const healthcheck = {
        timeoutSec: hc?.timeout ?? s.settings.healthTimeoutSec,
        ...(hc?.path === undefined ? {} : { path: hc.path }),
        ...(hc?.contains === undefined ? {} : { contains: hc.contains }),
        ...(hc?.attempts === undefined ? {} : { attempts: hc.attempts }),
      };
      return {
        kind: parts.kind,
        location: dir,
        builder,
        toolchain: input.toolchain.name,
        app: input.app,
        buildId: input.sha,
        builtAt: new Date().toISOString(),
        metadata: parts.metadata ?? {},
        runtime: {
          env: parts.env ?? {},
          path: parts.path ?? [],
          workingDir: dir,
          processes,
          ...(procfile.release === undefined ? {} : { release: procfile.release }),
          static:
            procfile.static === undefined ? [] : [{ url: '/', dir: join(dir, procfile.static) }],
          healthcheck,
          ...(parts.virtualenv === undefined ? {} : { virtualenv: parts.virtualenv }),
        },
      };
    },
  };
}

/** Runs the build and saves BUILD_ARTIFACT.json; any failure becomes E_BUILD_FAILED (or a more precise code). */
export async function buildRelease(s: BuildServices, input: BuildInput): Promise<BuildArtifact> {
  const builderName = input.config.toml.build?.builder ?? 'local';
  const builder = s.plugins.get('builder', builderName).instance;
  checkBinaries(s, input.toolchain);
  const ctx = createBuildContext(s, input, builderName);
  const rejected = builder.reject(ctx);
  if (rejected !== undefined) {
    throw new Hop3Error(
      'E_BUILD_FAILED',
      `the ${builderName} builder cannot build this app: ${rejected}`,
    );
  }
  let artifact: BuildArtifact;
  try {
    artifact = await builder.build(ctx, input.toolchain);
  } catch (error) {
    if (isHop3Error(error) && error.code !== 'E_COMMAND_FAILED' && error.code !== 'E_BUILD_FAILED')
      throw error;
    // The tool's own output was streamed above; the error is one line naming what failed.
    const why = error instanceof Error ? error.message : String(error);
    throw new Hop3Error(
      'E_BUILD_FAILED',
      why.startsWith('build failed') ? why : `build failed: ${why}`,
      {
        hint:
          (isHop3Error(error) ? error.hint : undefined) ??
          'fix the error shown above and push again; the previous release keeps serving',
        cause: error,
      },
    );
  }
  const custom = input.config.toml.build?.build;
  if (custom !== undefined) {
    await runAppCommand(
      s.run,
      {
        label: 'build command',
        command: custom,
        dir: input.dir,
        env: artifactEnv(artifact.runtime, input.env),
        code: 'E_BUILD_FAILED',
      },
      input.log,
    );
  }
  return artifact;
}

/** The file hop3 keeps a release's artifact in: apps/<app>/meta/<n>.artifact.json (not writable by the app). */
export function artifactFile(paths: Paths, app: string, release: number): string {
  return join(paths.meta(app), `${release}.artifact.json`);
}

/** Writes the artifact atomically into the app's meta directory. */
export function saveArtifact(
  paths: Paths,
  app: string,
  release: number,
  artifact: BuildArtifact,
): void {
  writeFileAtomic(
    artifactFile(paths, app, release),
    `${JSON.stringify(artifact, null, 2)}\n`,
    0o640,
  );
}

/** True when the release's build is kept (its artifact exists, in meta or, for older releases, in the release). */
export function hasArtifact(paths: Paths, app: string, release: number): boolean {
  return (
    existsSync(artifactFile(paths, app, release)) ||
    existsSync(join(paths.release(app, release), ARTIFACT_FILE))
  );
}

/** Reads a release's saved artifact (E_NOT_DEPLOYED when it is missing); releases built before meta/ kept it in their dir. */
export function loadArtifact(paths: Paths, app: string, release: number): BuildArtifact {
  const dir = paths.release(app, release);
  const file = existsSync(artifactFile(paths, app, release))
    ? artifactFile(paths, app, release)
    : join(dir, ARTIFACT_FILE);
  if (!existsSync(dir)) {
    throw new Hop3Error('E_NOT_DEPLOYED', `no build found in ${dir}`, {
      hint: 'push again (or run "deploy APP") to rebuild',
    });
  }
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as BuildArtifact;
  } catch (error) {
    throw new Hop3Error('E_NOT_DEPLOYED', `no build found in ${dir}`, {
      hint: 'push again (or run "deploy APP") to rebuild',
      cause: error,
    });
  }
}
