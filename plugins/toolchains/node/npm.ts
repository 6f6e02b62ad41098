// Runs the package manager for a build: installs dependencies, replays the root package's lifecycle
// scripts, runs the build script. pnpm and yarn run through corepack.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  type BuildContext,
  type DownloadFailure,
  Hop3Error,
  isHop3Error,
  matchingLines,
  NETWORK_ERRORS,
  runStep,
} from '../../../lib/sdk.js';
import type { PackageManager } from './package-manager.js';

/** npm, pnpm and yarn failing to reach the registry ("npm error code EAI_AGAIN", "request to ... failed"). */
export const NPM_DOWNLOAD: DownloadFailure = {
  patterns: [
    /^npm (ERR!|error) (network |code ERR_SOCKET_TIMEOUT$)/,
    /request to https?:\/\/\S+ failed|ERR_PNPM_META_FETCH_FAIL|getaddrinfo/,
    ...NETWORK_ERRORS,
  ],
  source: 'the npm registry',
  mirror: 'npm_config_registry (hop3 config:set APP npm_config_registry=https://your-mirror/)',
};

/** npm's build environment: the app's build env, quiet npm, its download cache in $HOME/.npm. */
export function npmEnv(ctx: Pick<BuildContext, 'env' | 'cacheDir'>): Record<string, string> {
  return {
    ...ctx.env,
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_progress: 'false',
    npm_config_cache: join(ctx.env.HOME ?? ctx.cacheDir, '.npm'),
  };
}

/**
 * corepack's environment: no prompt, no edits to package.json, and the version corepack itself knows
 * (with its hash) when package.json does not pin one, rather than looking up "latest". It trusts the
 * certificate authorities npm is configured with (`cafile`), so it downloads wherever npm does.
 * The app's own values win.
 */
export async function corepackEnv(
  ctx: BuildContext,
  env: Record<string, string>,
): Promise<Record<string, string>> {
  const defaults: Record<string, string> = {
    COREPACK_ENABLE_DOWNLOAD_PROMPT: '0',
    COREPACK_ENABLE_AUTO_PIN: '0',
    COREPACK_DEFAULT_TO_LATEST: '0',
  };
  if (env.NODE_EXTRA_CA_CERTS === undefined) {
    const result = await ctx.run('npm', ['config', 'get', 'cafile'], {
      env,
      onLine: () => undefined,
      reject: false,
    });
    const cafile = result.stdout.trim();
    if (cafile.startsWith('/') && existsSync(cafile)) defaults.NODE_EXTRA_CA_CERTS = cafile;
  }
  return { ...defaults, ...env };
}

/** Why corepack failed, when its output says: a hint that names the fix. */
function corepackHint(output: string): string | undefined {
  if (/No compatible signature found|signature/i.test(output)) {
    return 'the registry answered without package signatures: pin the version with its hash in package.json ("packageManager": "pnpm@<version>+sha512.<hash>"), or set COREPACK_INTEGRITY_KEYS to an empty value';
  }
  if (/Error when performing the request|fetch failed|ENOTFOUND|ECONNREFUSED/.test(output)) {
    return 'corepack could not download the package manager from the npm registry: check the server reaches it (COREPACK_NPM_REGISTRY sets another)';
  }
  return undefined;
}

/** Runs one package-manager command; a failure becomes E_BUILD_FAILED naming the command, with the first error line it printed. */
async function runTool(
  ctx: BuildContext,
  file: string,
  args: string[],
  label: string,
  env: Record<string, string>,
  hint: string,
  download?: DownloadFailure,
): Promise<void> {
  try {
    await runStep(ctx, {
      label,
      file,
      args,
      env,
      errorLines: (out) => matchingLines(out, /^\s*\w*Error: /, ctx.sourceDir).map((l) => l.trim()),
      hint,
      ...(download ? { download } : {}),
    });
  } catch (error) {
    const better =
      isHop3Error(error) && file === 'corepack' ? corepackHint(error.details ?? '') : undefined;
    if (better === undefined || !isHop3Error(error)) throw error;
    throw new Hop3Error(error.code, error.message, {
      hint: better,
      ...(error.details === undefined ? {} : { details: error.details }),
      cause: error,
    });
  }
}

/** Installs dependencies into the source dir's node_modules with the chosen package manager. */
export async function installDependencies(
  ctx: BuildContext,
  pm: PackageManager,
  env: Record<string, string>,
): Promise<void> {
  ctx.log.step(`Installing dependencies with ${pm.label} (${pm.lockfile ?? 'no lockfile'})`);
  const hint = pm.lockfile
    ? `fix the error ${pm.name} printed above; if ${pm.lockfile} is out of date, run "${pm.name} install" locally and commit it`
    : 'fix the error npm printed above; committing a package-lock.json makes builds reproducible';
  await runTool(ctx, pm.file, pm.install, pm.label, env, hint, NPM_DOWNLOAD);
}

/** Runs the named root lifecycle scripts, each alone (`--ignore-scripts` skips npm's pre/post hooks). */
export async function runLifecycleScripts(
  ctx: BuildContext,
  names: readonly string[],
  env: Record<string, string>,
): Promise<void> {
  for (const name of names) {
    ctx.log.info(`Running the "${name}" script`);
    const args = ['run', '--ignore-scripts', name];
    await runTool(
      ctx,
      'npm',
      args,
      `npm ${args.join(' ')}`,
      env,
      `fix the "${name}" script in package.json and push again`,
    );
  }
}

/** Runs package.json's build script with the package manager (`npm run build`, `pnpm run build`, ...). */
export async function runBuildScript(
  ctx: BuildContext,
  pm: PackageManager,
  env: Record<string, string>,
): Promise<void> {
  const label = `${pm.name} run build`;
  ctx.log.step(`Running the build script (${label})`);
  await runTool(
    ctx,
    pm.file,
    pm.runScript('build'),
    label,
    env,
    'fix the "build" script (or the code it builds) and push again',
  );
}
