// The Node.js toolchain: installs dependencies with npm, pnpm or yarn (by lockfile) once per lockfile and
// Node version, reused across deploys; checks engines.node; runs the build script when there is one.
import { existsSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import {
  defineToolchain,
  Hop3Error,
  servesHttp,
  type BuildContext,
  type ProcessDef,
} from '../../../lib/sdk.js';
import { cacheKey, entryModules, removeStaging, storeModules } from './cache.js';
import { checkEngines } from './engines.js';
import {
  corepackEnv,
  installDependencies,
  npmEnv,
  runBuildScript,
  runLifecycleScripts,
} from './npm.js';
import { lifecycleScripts, readPackageJson } from './package-json.js';
import { choosePackageManager } from './package-manager.js';

/** The `web: npm start` process used when the Procfile serves nothing and package.json has a start script. */
export function defaultProcesses(
  ctx: Pick<BuildContext, 'config'>,
  scripts: Record<string, string>,
): ProcessDef[] {
  const serves = ctx.config.procfile.processes.some((p) => servesHttp(p.kind));
  return !serves && 'start' in scripts ? [{ name: 'web', kind: 'web', command: 'npm start' }] : [];
}

async function nodeVersion(ctx: BuildContext): Promise<string> {
  const result = await ctx.run('node', ['--version'], { onLine: () => undefined });
  return result.stdout.trim();
}

/** Points the release's node_modules at a cache entry (replacing any committed copy). */
function linkModules(ctx: BuildContext, target: string): void {
  const link = join(ctx.sourceDir, 'node_modules');
  rmSync(link, { recursive: true, force: true });
  symlinkSync(target, link, 'dir');
}

/** Throws E_BINARY_MISSING when pnpm or yarn is wanted and corepack is not installed. */
function requireCorepack(ctx: BuildContext, manager: string): void {
  const found = (ctx.env.PATH ?? '')
    .split(':')
    .some((dir) => dir && existsSync(join(dir, 'corepack')));
  if (found) return;
  throw new Hop3Error(
    'E_BINARY_MISSING',
    `this app uses ${manager}, which hop3 runs through corepack, and "corepack" is not installed`,
    {
      hint: 'corepack ships with Node.js 16.9 to 24 (NodeSource packages); elsewhere: npm install -g corepack',
    },
  );
}

/** Claims apps with a package.json; installs their dependencies into a cached node_modules, then builds. */
export default defineToolchain('node', () => ({
  priority: 40,
  requires: ['node', 'npm'],
  title: 'Node.js',
  detect: (src) => (src.has('package.json') ? { reason: 'package.json' } : null),
  async build(ctx) {
    const pkg = readPackageJson(ctx.sourceDir);
    const version = await nodeVersion(ctx);
    const warning = checkEngines(pkg.engines, version);
    if (warning !== undefined) ctx.log.warn(warning);
    const pm = choosePackageManager(ctx.sourceDir);
    if (pm.file === 'corepack') requireCorepack(ctx, pm.name);
    const env = pm.file === 'corepack' ? await corepackEnv(ctx, npmEnv(ctx)) : npmEnv(ctx);
    const key = cacheKey(ctx, version, pm.name);
    const modules = entryModules(ctx.cacheDir, key);
    const cached = existsSync(modules);
    if (cached) {
      ctx.log.info(
        `Reusing node_modules (cache key ${key}): ${pm.lockfile ?? 'package.json'} unchanged`,
      );
      linkModules(ctx, modules);
      await runLifecycleScripts(ctx, lifecycleScripts(pkg.scripts), env);
    } else {
      await installDependencies(ctx, pm, env);
      storeModules(ctx.cacheDir, key, join(ctx.sourceDir, 'node_modules'));
      linkModules(ctx, modules);
      ctx.log.info(`Cached node_modules (cache key ${key}, node ${version})`);
    }
    removeStaging(ctx.cacheDir);
    if ('build' in pkg.scripts) await runBuildScript(ctx, pm, env);
    return ctx.artifact({
      kind: 'node',
      env: { NODE_ENV: 'production' },
      path: [join(ctx.sourceDir, 'node_modules', '.bin')],
      defaultProcesses: defaultProcesses(ctx, pkg.scripts),
      metadata: { nodeVersion: version, packageManager: pm.name, cacheKey: key, cacheHit: cached },
    });
  },
}));
