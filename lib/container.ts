// The composition root: builds every service hop3 uses, and is the only module that imports awilix.
// Cheap to import: state and settings open on first use; the plugins, awilix, nunjucks and the command runner
// are imported only when a command first asks for plugins or pipeline services (config:get never does).
import type { AwilixContainer } from 'awilix';
import { pathToFileURL } from 'node:url';
import { Hop3Error, isHop3Error } from './errors.js';
import {
  BUILTIN_PLUGINS_DIR,
  INSTALL_ROOT,
  RUNNING_FROM_SOURCE,
  TEMPLATES_DIR,
} from './install-root.js';
import { createReporter, type LineSink, type Reporter } from './output/reporter.js';
import { createPaths, type Paths } from './paths.js';
import type { BuildServices } from './pipeline/build.js';
import type { Services } from './pipeline/services.js';
import type { SetupServices } from './setup/setup.js';
import type { PluginFile } from './plugins/discover.js';
import type { LoadedPlugin, PluginRegistry } from './plugins/registry.js';
import type { RunCommand } from './proc/run.js';
import type { PluginDeps, PluginKind, PluginMeta } from './sdk.js';
import { loadSettings, type Settings } from './settings.js';
import { openState, type State } from './state/index.js';
import type { RenderTemplate } from './templates/render.js';
import { HOP3_VERSION } from './version.js';

/** What the plugin loader needs from the caller. */
export interface ContainerOptions {
  paths: Paths;
  settings: Settings;
  log: Reporter;
  /** The external plugin directory; defaults to settings.pluginsDir (root-owned). */
  externalDir?: string;
  /** Load only the built-in plugins of these kinds' folders, and no external ones (the build worker). */
  onlyBuiltin?: readonly string[];
  /** Runs a command as an app (defaults to running it directly, as hop3 does without app users). */
  sandbox?: PluginDeps['sandbox'];
}

/** The wired plugins and the services they were given. */
export interface Hop3Container {
  plugins: PluginRegistry;
  deps: PluginDeps;
}

/** What the composition root is built from. */
export interface RootOptions {
  home: string;
  /** Progress output; plugins report through it too (default: a reporter writing to `stdout`). */
  log?: Reporter;
  /** Where the default reporter writes (default: process.stdout). */
  stdout?: LineSink;
  /** Settings to use instead of reading settings.json (setup, before it writes the file; the build worker). */
  settings?: Settings;
  /** Load only these built-in plugin folders (the build worker). */
  onlyBuiltin?: readonly string[];
}

/** Every service of one hop3 process, each built on first use. */
export interface Hop3Root {
  paths: Paths;
  log: Reporter;
  settings: () => Settings;
  /** The state database (opened on first use). */
  state: () => State;
  /** The plugin registry (imports every plugin on first use). */
  plugins: () => Promise<PluginRegistry>;
  /** The command runner and the template renderer (setup's steps). */
  tools: () => Promise<{ run: RunCommand; render: RenderTemplate }>;
  /** What pipeline stages use (loads the plugins). */
  services: () => Promise<Services>;
  /** Closes the state database (it reopens on next use). */
  close: () => void;
}

/** Builds the composition root; nothing is opened or imported until first asked for. */
export function createRoot(options: RootOptions): Hop3Root {
  const paths = createPaths(options.home);
  const log = options.log ?? createReporter(options.stdout ?? process.stdout);
  let settings = options.settings;
  let state: State | undefined;
  let container: Promise<Hop3Container> | undefined;
  const root: Hop3Root = {
    paths,
    log,
    settings: () => (settings ??= loadSettings(paths.settings)),
    state: () => (state ??= openState(paths.db)),
    plugins: async () => (await wired()).plugins,
    tools: async () => {
      const { deps } = await wired();
      return { run: deps.run, render: deps.render };
    },
    services: async () => {
      const { plugins, deps } = await wired();
      const { appSandbox } = await import('./sdk.js');
      return {
        paths,
        settings: root.settings(),
        state: root.state(),
        plugins,
        run: deps.run,
        sandbox: (app) => appSandbox(deps, app),
      };
    },
    close: () => {
      state?.close();
      state = undefined;
    },
  };
  const wired = (): Promise<Hop3Container> =>
    (container ??= createHop3Container({
      paths,
      settings: root.settings(),
      log,
      ...(options.onlyBuiltin ? { onlyBuiltin: options.onlyBuiltin } : {}),
    }));
  return root;
}

type Sdk = typeof import('./sdk.js');

function metaOf(sdk: Sdk, value: unknown): PluginMeta | undefined {
  if (typeof value !== 'function') return undefined;
  const meta = (value as unknown as Record<symbol, unknown>)[sdk.PLUGIN_META];
  if (typeof meta !== 'object' || meta === null) return undefined;
  const m = meta as Partial<PluginMeta>;
  return typeof m.kind === 'string' &&
    typeof m.name === 'string' &&
    typeof m.sdkVersion === 'string'
    ? (m as PluginMeta)
    : undefined;
}

const registrationName = (meta: PluginMeta): string => `plugin:${meta.kind}:${meta.name}`;

/** Imports one plugin file and checks its definition; every failure names the file. */
async function inspect(sdk: Sdk, entry: PluginFile): Promise<PluginMeta> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(entry.file).href)) as Record<string, unknown>;
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Hop3Error('E_PLUGIN_LOAD', `plugin ${entry.file} failed to load: ${why}`, {
      cause: error,
    });
  }
  const meta = metaOf(sdk, mod.default);
  if (!meta) {
    throw new Hop3Error(
      'E_PLUGIN_SHAPE',
      `plugin ${entry.file} does not default-export a define*() plugin`,
      {
        hint: 'export default defineToolchain("name", (deps) => ({ ... })) (see docs/plugins.md)',
      },
    );
  }
  const major = (v: string): string => v.split('.')[0] ?? '';
  if (major(meta.sdkVersion) !== major(sdk.SDK_VERSION)) {
    throw new Hop3Error(
      'E_PLUGIN_SDK',
      `plugin ${entry.file} was built for SDK ${meta.sdkVersion}; this hop3 provides SDK ${sdk.SDK_VERSION}`,
    );
  }
  return meta;
}

function checkMembers(sdk: Sdk, kind: PluginKind, instance: unknown, file: string): void {
  if (typeof instance !== 'object' || instance === null) {
    throw new Hop3Error('E_PLUGIN_SHAPE', `plugin ${file}: its factory must return an object`);
  }
  const missing = sdk.REQUIRED_MEMBERS[kind].filter((m) => !(m in instance));
  if (missing.length > 0) {
    throw new Hop3Error(
      'E_PLUGIN_SHAPE',
      `plugin ${file}: a ${kind} must have ${missing.join(', ')}`,
      {
        hint: 'see docs/plugins.md for the members each kind needs',
      },
    );
  }
}

const escapeGlob = (path: string): string => path.replace(/[*?[\]{}()!@+]/g, '\\$&');

/** Setup's services for an installation whose settings setup computes (settings.json may not exist yet). */
export async function setupServices(
  home: string,
  settings: Settings,
  log: Reporter,
): Promise<SetupServices> {
  const root = createRoot({ home, settings, log });
  return { plugins: await root.plugins(), ...(await root.tools()) };
}

/** The build worker's services (it runs as the app user: built-in build plugins only, no state database). */
export async function buildWorkerServices(
  home: string,
  settings: Settings,
  log: Reporter,
): Promise<BuildServices> {
  const root = createRoot({ home, settings, log, onlyBuiltin: ['builders', 'toolchains', 'os'] });
  return {
    paths: root.paths,
    settings,
    plugins: await root.plugins(),
    run: (await root.tools()).run,
  };
}

/** Wires the plugins' services and loads every plugin (built-in first, then external). */
export async function createHop3Container(options: ContainerOptions): Promise<Hop3Container> {
  const [
    sdk,
    awilix,
    { builtinPluginFiles, externalPluginFiles, linkSdk },
    { createRegistry },
    { createSandbox },
    { run },
    { which },
    { createRenderer },
    { superviseThrough },
  ] = await Promise.all([
    import('./sdk.js'),
    import('awilix'),
    import('./plugins/discover.js'),
    import('./plugins/registry.js'),
    import('./identity/app-sandbox.js'),
    import('./proc/run.js'),
    import('./proc/which.js'),
    import('./templates/render.js'),
    import('./plugins/host.js'),
  ]);
  const { asFunction, asValue, createContainer, InjectionMode, Lifetime } = awilix;
  const container: AwilixContainer = createContainer({
    injectionMode: InjectionMode.PROXY,
    strict: true,
  });
  // Plugins receive `supervise` before they all load: it finds the chosen supervisor at each call.
  const built: { registry?: PluginRegistry } = {};
  const deps: PluginDeps = {
    run,
    render: createRenderer(TEMPLATES_DIR),
    log: options.log,
    paths: options.paths,
    settings: options.settings,
    which: (binary) => which(binary),
    sandbox: options.sandbox ?? ((app) => createSandbox(options.paths, options.settings, app, run)),
    supervise: superviseThrough(options.settings, () => built.registry),
  };
  container.register({
    run: asValue(deps.run),
    render: asValue(deps.render),
    log: asValue(deps.log),
    paths: asValue(deps.paths),
    settings: asValue(deps.settings),
    which: asValue(deps.which),
    sandbox: asValue(deps.sandbox),
    supervise: asValue(deps.supervise),
  });

  const externalDir = options.externalDir ?? options.settings.pluginsDir;
  const only = options.onlyBuiltin;
  if (!only) linkSdk(externalDir, INSTALL_ROOT);
  const builtin = builtinPluginFiles(
    BUILTIN_PLUGINS_DIR,
    HOP3_VERSION,
    RUNNING_FROM_SOURCE ? '.ts' : '.js',
  );
  const files = only
    ? builtin.filter((f) => only.some((folder) => f.file.includes(`/${folder}/`)))
    : [...builtin, ...externalPluginFiles(externalDir)];
  const metas = new Map<string, { meta: PluginMeta; entry: PluginFile }>();
  for (const entry of files) {
    const meta = await inspect(sdk, entry);
    const key = registrationName(meta);
    const previous = metas.get(key);
    if (previous) {
      throw new Hop3Error(
        'E_PLUGIN_DUPLICATE',
        `plugin ${entry.file} is a second ${meta.kind} named "${meta.name}" (first: ${previous.entry.file})`,
        { hint: 'rename or remove one of them' },
      );
    }
    metas.set(key, { meta, entry });
  }

  const byFile = new Map([...metas.values()].map((m) => [m.entry.file, m.meta]));
  await container.loadModules(
    files.map((f) => escapeGlob(f.file)),
    {
      esModules: true,
      formatName: (_name, descriptor) => {
        const meta =
          byFile.get(descriptor.path) ?? metaOf(sdk, (descriptor as { value?: unknown }).value);
        if (!meta)
          throw new Hop3Error('E_PLUGIN_SHAPE', `plugin ${descriptor.path} has no hop3 definition`);
        return registrationName(meta);
      },
      resolverOptions: { lifetime: Lifetime.SINGLETON, register: asFunction },
    },
  );

  const loaded: LoadedPlugin[] = [];
  for (const [key, { meta, entry }] of metas) {
    if (!container.hasRegistration(key)) {
      throw new Hop3Error(
        'E_PLUGIN_LOAD',
        `plugin ${entry.file} was not registered (awilix found no function export)`,
      );
    }
    let instance: unknown;
    try {
      instance = container.resolve(key);
    } catch (error) {
      if (isHop3Error(error)) throw error;
      const why = error instanceof Error ? error.message : String(error);
      throw new Hop3Error('E_PLUGIN_LOAD', `plugin ${entry.file} failed to start: ${why}`, {
        cause: error,
      });
    }
    checkMembers(sdk, meta.kind, instance, entry.file);
    loaded.push({
      kind: meta.kind,
      name: meta.name,
      source: entry.source,
      version: entry.version,
      file: entry.file,
      instance,
    } as LoadedPlugin);
  }
  built.registry = createRegistry(loaded);
  return { plugins: built.registry, deps };
}
