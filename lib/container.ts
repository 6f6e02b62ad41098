// The composition root: the only module that imports awilix. Registers core services, loads plugins.
import { asFunction, asValue, createContainer, InjectionMode, Lifetime, type AwilixContainer } from 'awilix';
import { pathToFileURL } from 'node:url';
import { Hop3Error, isHop3Error } from './errors.js';
import { BUILTIN_PLUGINS_DIR, INSTALL_ROOT, RUNNING_FROM_SOURCE } from './install-root.js';
import type { Reporter } from './output/reporter.js';
import type { Paths } from './paths.js';
import { builtinPluginFiles, externalPluginFiles, linkSdk, type PluginFile } from './plugins/discover.js';
import { superviseThrough } from './plugins/host.js';
import { createRegistry, type LoadedPlugin, type PluginRegistry } from './plugins/registry.js';
import { createSandbox } from './identity/app-sandbox.js';
import { run } from './proc/run.js';
import { which } from './proc/which.js';
import {
  PLUGIN_META,
  REQUIRED_MEMBERS,
  SDK_VERSION,
  type PluginDeps,
  type PluginKind,
  type PluginMeta,
} from './sdk.js';
import type { Settings } from './settings.js';
import { createRenderer } from './templates/render.js';
import { TEMPLATES_DIR } from './install-root.js';
import { HOP3_VERSION } from './version.js';

/** What the composition root needs from the caller. */
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

/** The wired application: its plugins and the services they were given. */
export interface Hop3Container {
  plugins: PluginRegistry;
  deps: PluginDeps;
}

function metaOf(value: unknown): PluginMeta | undefined {
  if (typeof value !== 'function') return undefined;
  const meta = (value as unknown as Record<symbol, unknown>)[PLUGIN_META];
  if (typeof meta !== 'object' || meta === null) return undefined;
  const m = meta as Partial<PluginMeta>;
  return typeof m.kind === 'string' && typeof m.name === 'string' && typeof m.sdkVersion === 'string'
    ? (m as PluginMeta)
    : undefined;
}

const registrationName = (meta: PluginMeta): string => `plugin:${meta.kind}:${meta.name}`;

/** Imports one plugin file and checks its definition; every failure names the file. */
async function inspect(entry: PluginFile): Promise<PluginMeta> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(entry.file).href)) as Record<string, unknown>;
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Hop3Error('E_PLUGIN_LOAD', `plugin ${entry.file} failed to load: ${why}`, { cause: error });
  }
  const meta = metaOf(mod.default);
  if (!meta) {
    throw new Hop3Error('E_PLUGIN_SHAPE', `plugin ${entry.file} does not default-export a define*() plugin`, {
      hint: 'export default defineToolchain("name", (deps) => ({ ... })) (see docs/plugins.md)',
    });
  }
  const major = (v: string): string => v.split('.')[0] ?? '';
  if (major(meta.sdkVersion) !== major(SDK_VERSION)) {
    throw new Hop3Error(
      'E_PLUGIN_SDK',
      `plugin ${entry.file} was built for SDK ${meta.sdkVersion}; this hop3 provides SDK ${SDK_VERSION}`,
    );
  }
  return meta;
}

function checkMembers(kind: PluginKind, instance: unknown, file: string): void {
  if (typeof instance !== 'object' || instance === null) {
    throw new Hop3Error('E_PLUGIN_SHAPE', `plugin ${file}: its factory must return an object`);
  }
  const missing = REQUIRED_MEMBERS[kind].filter((m) => !(m in instance));
  if (missing.length > 0) {
    throw new Hop3Error('E_PLUGIN_SHAPE', `plugin ${file}: a ${kind} must have ${missing.join(', ')}`, {
      hint: 'see docs/plugins.md for the members each kind needs',
    });
  }
}

const escapeGlob = (path: string): string => path.replace(/[*?[\]{}()!@+]/g, '\\$&');

/** Wires core services and loads every plugin (built-in first, then external). */
export async function createHop3Container(options: ContainerOptions): Promise<Hop3Container> {
  const container: AwilixContainer = createContainer({ injectionMode: InjectionMode.PROXY, strict: true });
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
  const builtin = builtinPluginFiles(BUILTIN_PLUGINS_DIR, HOP3_VERSION, RUNNING_FROM_SOURCE ? '.ts' : '.js');
  const files = only
    ? builtin.filter((f) => only.some((folder) => f.file.includes(`/${folder}/`)))
    : [...builtin, ...externalPluginFiles(externalDir)];
  const metas = new Map<string, { meta: PluginMeta; entry: PluginFile }>();
  for (const entry of files) {
    const meta = await inspect(entry);
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
        const meta = byFile.get(descriptor.path) ?? metaOf((descriptor as { value?: unknown }).value);
        if (!meta) throw new Hop3Error('E_PLUGIN_SHAPE', `plugin ${descriptor.path} has no hop3 definition`);
        return registrationName(meta);
      },
      resolverOptions: { lifetime: Lifetime.SINGLETON, register: asFunction },
    },
  );

  const loaded: LoadedPlugin[] = [];
  for (const [key, { meta, entry }] of metas) {
    if (!container.hasRegistration(key)) {
      throw new Hop3Error('E_PLUGIN_LOAD', `plugin ${entry.file} was not registered (awilix found no function export)`);
    }
    let instance: unknown;
    try {
      instance = container.resolve(key);
    } catch (error) {
      if (isHop3Error(error)) throw error;
      const why = error instanceof Error ? error.message : String(error);
      throw new Hop3Error('E_PLUGIN_LOAD', `plugin ${entry.file} failed to start: ${why}`, { cause: error });
    }
    checkMembers(meta.kind, instance, entry.file);
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
