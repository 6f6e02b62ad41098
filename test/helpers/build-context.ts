// Builds toolchain plugins outside the pipeline: fake source trees and configs, plugin deps, real build contexts.
import { join } from 'node:path';
import { parseProcfile } from '../../lib/domain/procfile.js';
import { createReporter, silentReporter } from '../../lib/output/reporter.js';
import { createPaths } from '../../lib/paths.js';
import { createBuildContext } from '../../lib/pipeline/build.js';
import { createRegistry } from '../../lib/plugins/registry.js';
import { run as realRun, SYSTEM_PATH } from '../../lib/proc/run.js';
import type {
  AppConfig,
  BuildContext,
  LanguageToolchain,
  LoadedToolchain,
  PluginDefinition,
  PluginDeps,
  RunCommand,
  RunOptions,
  SourceTree,
} from '../../lib/sdk.js';
import { DEFAULT_SETTINGS } from '../../lib/settings.js';

/** An AppConfig from Procfile text (no hop3.toml, no ENV file). */
export function appConfig(procfile?: string): AppConfig {
  return {
    procfile: procfile === undefined ? { processes: [] } : parseProcfile(procfile),
    toml: {},
    env: {},
    files: { procfile: procfile !== undefined, toml: false, env: false },
  };
}

/** A SourceTree over an in-memory map of relative paths to contents. */
export function fakeSource(files: Record<string, string>): SourceTree {
  return {
    dir: '/nonexistent',
    has: (path) => Object.hasOwn(files, path),
    read: (path) => files[path],
    list: () => Object.keys(files).sort(),
  };
}

/** Plugin deps for tests: the given runner, a silent reporter, paths under `home`. */
export function pluginDeps(run: RunCommand = realRun, home = '/nonexistent'): PluginDeps {
  return {
    run,
    render: () => {
      throw new Error('templates are not used by this plugin');
    },
    log: silentReporter,
    paths: createPaths(home),
    settings: DEFAULT_SETTINGS,
    which: () => undefined,
  };
}

/** Instantiates a toolchain plugin the way the container does and names it. */
export function loadToolchain(
  definition: PluginDefinition<LanguageToolchain>,
  name: string,
  run?: RunCommand,
): LoadedToolchain {
  return { ...definition(pluginDeps(run)), name };
}

/** One command a build ran. */
export interface RecordedCall {
  file: string;
  args: readonly string[];
  options: RunOptions;
}

/** A build context over a real directory, with its printed output and the commands it ran. */
export interface TestBuild {
  ctx: BuildContext;
  calls: RecordedCall[];
  output(): string;
}

/** What a test build needs; `run` defaults to the real runner. */
export interface TestBuildInput {
  home: string;
  app: string;
  release: number;
  dir: string;
  toolchain: LoadedToolchain;
  config: AppConfig;
  env?: Record<string, string>;
  run?: RunCommand;
  /** The builder the context is made for (default "local"). */
  builder?: string;
}

/** Makes a real BuildContext with createBuildContext (it only reads paths, settings and run from Services). */
export function testBuild(input: TestBuildInput): TestBuild {
  let text = '';
  const calls: RecordedCall[] = [];
  const inner = input.run ?? realRun;
  const run: RunCommand = (file, args, options = {}) => {
    calls.push({ file, args, options });
    return inner(file, args, options);
  };
  const services = {
    paths: createPaths(input.home),
    settings: DEFAULT_SETTINGS,
    run,
    plugins: createRegistry([]),
  };
  const log = createReporter({ write: (chunk: string) => (text += chunk) });
  const env = input.env ?? { HOME: input.home, PATH: SYSTEM_PATH, LANG: 'C.UTF-8' };
  const ctx = createBuildContext(
    services,
    {
      app: input.app,
      release: input.release,
      sha: 'f'.repeat(40),
      dir: input.dir,
      config: input.config,
      env,
      toolchain: input.toolchain,
      log,
    },
    input.builder ?? 'local',
  );
  return { ctx, calls, output: () => text };
}

/** The directory of a sample app under test/fixtures/apps. */
export function fixtureDir(name: string): string {
  return join(import.meta.dirname, '..', 'fixtures', 'apps', name);
}
