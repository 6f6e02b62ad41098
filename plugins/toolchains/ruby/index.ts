// The Ruby toolchain: `bundle install` into a GEM_HOME cached per Gemfile.lock and Ruby version, a syntax
// check of the app's Ruby files, and Rack apps served by uWSGI's rack plugin (`rwsgi: config.ru`) by default.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  type BuildContext,
  buildEntry,
  defineToolchain,
  type DownloadFailure,
  entryDir,
  isComplete,
  matchingLines,
  NETWORK_ERRORS,
  type ProcessDef,
  procfileServes,
  query,
  requireTool,
  runStep,
  sourceFiles,
} from '../../../lib/sdk.js';
import { bundleInstall, bundlerEnv, syntaxCheck } from './bundler.js';

/** `rwsgi: config.ru` when the app has a rackup file and the Procfile serves nothing. */
export function defaultProcesses(ctx: Pick<BuildContext, 'config' | 'sourceDir'>): ProcessDef[] {
  if (procfileServes(ctx) || !existsSync(join(ctx.sourceDir, 'config.ru'))) return [];
  return [{ name: 'rwsgi', kind: 'rwsgi', command: 'config.ru' }];
}

/** bundler failing to reach the gem source ("Could not fetch specs from https://rubygems.org/"). */
export const RUBYGEMS_DOWNLOAD: DownloadFailure = {
  patterns: [
    /Could not fetch specs from|Could not reach host|Could not download gem|Bundler::HTTPError/,
    /Gem::RemoteFetcher::(UnknownHostError|FetchError)|SocketError|Net::OpenTimeout/,
    ...NETWORK_ERRORS,
  ],
  source: 'the gem source',
  mirror:
    'BUNDLE_MIRROR__RUBYGEMS__ORG (hop3 config:set APP BUNDLE_MIRROR__RUBYGEMS__ORG=https://your-mirror)',
};

/** The cache key of the bundle: Gemfile, Gemfile.lock, the Ruby version and the groups left out. */
export function gemsKey(ctx: Pick<BuildContext, 'hash' | 'env'>, rubyVersion: string): string {
  return ctx.hash(['Gemfile', 'Gemfile.lock'], `${rubyVersion}\0${ctx.env.BUNDLE_WITHOUT ?? ''}`);
}

/** Installs the bundle into a new cache entry (unless the same one is cached); returns the runtime env. */
async function installGems(
  ctx: BuildContext,
  version: string,
): Promise<{ env: Record<string, string>; key: string; cached: boolean }> {
  requireTool(ctx, 'bundle', 'installing the Gemfile', 'apt-get install -y ruby-bundler');
  const key = gemsKey(ctx, version);
  const env = bundlerEnv(ctx, join(entryDir(ctx.cacheDir, key), 'gems'));
  const cached = isComplete(ctx.cacheDir, key);
  if (cached) {
    ctx.log.info(`Reusing gems (cache key ${key}): Gemfile.lock unchanged`);
    return { env, key, cached };
  }
  if (env.BUNDLE_FROZEN === undefined)
    ctx.log.warn(
      'no Gemfile.lock: bundle resolves gem versions now; commit Gemfile.lock for repeatable builds',
    );
  await buildEntry(ctx.cacheDir, key, version, async () => {
    const [file, ...args] = bundleInstall();
    ctx.log.step(
      `Installing gems with bundle install${env.BUNDLE_FROZEN ? ' (frozen: Gemfile.lock)' : ''}`,
    );
    await runStep(ctx, {
      label: 'bundle install',
      file,
      args,
      env: { ...ctx.env, ...env },
      errorLines: (out) =>
        matchingLines(
          out,
          /^(Could not|Your bundle|Bundler could not|The gemspecs|An error occurred)/,
          ctx.sourceDir,
        ),
      download: RUBYGEMS_DOWNLOAD,
      hint: 'fix the Gemfile (and Gemfile.lock: run "bundle lock" locally and commit it) and push again',
    });
  });
  return { env, key, cached };
}

/** Compiles every Ruby file of the app (not vendor/ or node_modules/): a syntax error fails the build. */
async function checkSyntax(ctx: BuildContext): Promise<void> {
  const files = sourceFiles(
    ctx.sourceDir,
    (name) => name.endsWith('.rb') || name.endsWith('.ru') || name === 'Rakefile',
  );
  if (files.length === 0) return;
  ctx.log.step(`Checking Ruby syntax (${files.length} file${files.length === 1 ? '' : 's'})`);
  const [file, ...args] = syntaxCheck(files);
  await runStep(ctx, {
    label: 'ruby syntax check',
    file,
    args,
    env: ctx.env,
    errorLines: (out) => matchingLines(out, /^\S+:\d+: /, ctx.sourceDir),
    hint: 'fix the syntax error Ruby reported above and push again',
  });
}

/** Claims apps with a Gemfile (or a bare config.ru); installs the bundle, checks syntax, serves Rack apps. */
export default defineToolchain('ruby', () => ({
  priority: 45,
  requires: ['ruby'],
  title: 'Ruby',
  detect: (src) =>
    src.has('Gemfile')
      ? { reason: 'Gemfile' }
      : src.has('config.ru')
        ? { reason: 'config.ru' }
        : null,
  async build(ctx) {
    const version = (await query(ctx, 'ruby', ['--version'])).split(' ').slice(0, 2).join(' ');
    const gems = existsSync(join(ctx.sourceDir, 'Gemfile'))
      ? await installGems(ctx, version)
      : undefined;
    if (!gems) ctx.log.info('No Gemfile: the app uses the gems installed on the server');
    await checkSyntax(ctx);
    const gemHome = gems?.env.GEM_HOME;
    return ctx.artifact({
      kind: 'ruby',
      env: gems?.env ?? {},
      path: gemHome === undefined ? [] : [join(gemHome, 'bin')],
      defaultProcesses: defaultProcesses(ctx),
      metadata: {
        rubyVersion: version,
        ...(gems ? { cacheKey: gems.key, cacheHit: gems.cached } : {}),
      },
    });
  },
}));
