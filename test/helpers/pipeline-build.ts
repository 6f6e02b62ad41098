// Builds a release directory the way the pipeline does (detect or a given toolchain, then buildRelease with the
// local builder and the Debian OS plugin), in a test HOP3_HOME, capturing what it prints.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadAppConfig } from '../../lib/domain/app-config.js';
import { createReporter } from '../../lib/output/reporter.js';
import { createPaths } from '../../lib/paths.js';
import { buildRelease } from '../../lib/pipeline/build.js';
import { selectToolchain } from '../../lib/pipeline/detect.js';
import type { Services } from '../../lib/pipeline/services.js';
import { sourceTree } from '../../lib/pipeline/source-tree.js';
import { createRegistry, type LoadedPlugin } from '../../lib/plugins/registry.js';
import { run, SYSTEM_PATH } from '../../lib/proc/run.js';
import type {
  BuildArtifact,
  LanguageToolchain,
  LoadedToolchain,
  PluginDefinition,
} from '../../lib/sdk.js';
import { DEFAULT_SETTINGS } from '../../lib/settings.js';
import local from '../../plugins/builders/local/index.js';
import debian from '../../plugins/os/debian/index.js';
import { pluginDeps } from './build-context.js';

const TOOLCHAINS_DIR = join(import.meta.dirname, '..', '..', 'plugins', 'toolchains');

/** Every built-in toolchain, loaded from plugins/toolchains/<name>/index.ts as the container would. */
export async function builtinToolchains(): Promise<LoadedPlugin<'toolchain'>[]> {
  const names = readdirSync(TOOLCHAINS_DIR)
    .filter((n) => existsSync(join(TOOLCHAINS_DIR, n, 'index.ts')))
    .sort();
  return Promise.all(
    names.map(async (name): Promise<LoadedPlugin<'toolchain'>> => {
      const file = join(TOOLCHAINS_DIR, name, 'index.ts');
      const module = (await import(pathToFileURL(file).href)) as {
        default: PluginDefinition<LanguageToolchain>;
      };
      return {
        kind: 'toolchain',
        name,
        source: 'builtin',
        version: 'test',
        file,
        instance: module.default(pluginDeps()),
      };
    }),
  );
}

/** Pipeline services over a test home: the local builder, the Debian OS plugin and the given toolchains. */
export function buildServices(home: string, toolchains: LoadedPlugin[] = []): Services {
  return {
    paths: createPaths(home),
    settings: DEFAULT_SETTINGS,
    run,
    plugins: createRegistry([
      {
        kind: 'builder',
        name: 'local',
        source: 'builtin',
        version: 'test',
        file: 'local',
        instance: local(pluginDeps()),
      },
      {
        kind: 'os',
        name: 'debian',
        source: 'builtin',
        version: 'test',
        file: 'debian',
        instance: debian(pluginDeps()),
      },
      ...toolchains,
    ]),
  } as unknown as Services;
}

/** What one pipeline build did. */
export interface PipelineBuild {
  artifact?: BuildArtifact;
  error?: unknown;
  /** Everything printed (detection and build). */
  output: string;
  ms: number;
}

/** Builds `dir` as release `release` of `app`: with `toolchain`, or the one selectToolchain picks among `s`'s. */
export async function pipelineBuild(
  s: Services,
  input: {
    app: string;
    release?: number;
    dir: string;
    toolchain?: LoadedToolchain;
    env?: Record<string, string>;
  },
): Promise<PipelineBuild> {
  let output = '';
  const log = createReporter({ write: (chunk: string) => (output += chunk) });
  const started = performance.now();
  try {
    const config = loadAppConfig(input.dir);
    const env = {
      HOME: s.paths.home,
      PATH: SYSTEM_PATH,
      LANG: 'C.UTF-8',
      ...config.env,
      ...input.env,
    };
    const toolchain =
      input.toolchain ??
      (await selectToolchain(s.plugins, sourceTree(input.dir), config, log)).toolchain;
    const release = input.release ?? 1;
    const artifact = await buildRelease(s, {
      app: input.app,
      release,
      sha: 'a'.repeat(40),
      dir: input.dir,
      config,
      env,
      toolchain,
      log,
    });
    return { artifact, output, ms: performance.now() - started };
  } catch (error) {
    return { error, output, ms: performance.now() - started };
  }
}
