// The plugin SDK: the only module plugins import. Kind interfaces, define* helpers, shared domain types.
import type { AppConfig } from './domain/app-config.js';
import type { ProcessDef, ProcessKind } from './domain/procfile.js';
import type { Reporter } from './output/reporter.js';
import type { Paths } from './paths.js';
import type { RunCommand, RunOptions, RunResult } from './proc/run.js';
import { SYSTEM_PATH } from './proc/system-path.js';
import type { Settings } from './settings.js';
import type { RenderTemplate } from './templates/render.js';
import { createSandbox, type AppSandbox, type FileOp } from './identity/app-sandbox.js';
import type {
  Addon,
  Builder,
  Deployer,
  DeployRequest,
  LanguageToolchain,
  OperatingSystem,
  Proxy,
  Supervise,
} from './sdk/kinds.js';
import type { BuildArtifact } from './sdk/build.js';

export { Hop3Error, isHop3Error, type ErrorCode } from './errors.js';
export { readAddonServer } from './sdk/addon-servers.js';
export { shellQuote } from './domain/shell-words.js';
export { execForm } from './domain/exec-form.js';
export { writeFileAtomic } from './atomic-write.js';
export { readAppFile, readSourceFile } from './domain/app-file.js';
export { RELEASE_ROOT_FILES } from './domain/release-files.js';
export { pickFreePort } from './free-port.js';
export { pluginSection, sectionReader, type SectionReader } from './settings.js';
export type {
  AppConfig,
  ProcessDef,
  ProcessKind,
  Reporter,
  Paths,
  RunCommand,
  RunOptions,
  RunResult,
  Settings,
};
export { SERVING_KINDS, servesHttp } from './domain/procfile.js';
export type { RenderTemplate, AppSandbox, FileOp };

/** The SDK version; a plugin built for another major version is refused. */
export const SDK_VERSION = '1.0.0';

/** The six plugin kinds. */
export type PluginKind = 'builder' | 'toolchain' | 'deployer' | 'addon' | 'proxy' | 'os';

/** All plugin kinds, in the order `hop3 plugins` lists them. */
export const PLUGIN_KINDS: readonly PluginKind[] = [
  'builder',
  'toolchain',
  'deployer',
  'addon',
  'proxy',
  'os',
];

/** Identity stamped on a plugin definition by its define* helper. */
export interface PluginMeta {
  kind: PluginKind;
  name: string;
  sdkVersion: string;
}

/** What every plugin factory receives (injected by the container; plugins never import it). */
export interface PluginDeps {
  run: RunCommand;
  render: RenderTemplate;
  log: Reporter;
  paths: Paths;
  settings: Settings;
  /** Finds a binary on the system PATH; undefined when it is missing. */
  which: (binary: string) => string | undefined;
  /** Runs commands, file operations and signals as the app's own unix user (or as hop3 without app users). */
  sandbox?: (app: string) => AppSandbox;
  /** Keeps named long-running processes running (the deployer named by settings.supervisor); absent in a build worker. */
  supervise?: Supervise;
}

/** The app's sandbox from the plugin's dependencies (a direct one when the host gave none, e.g. in tests). */
export function appSandbox(
  deps: Pick<PluginDeps, 'sandbox' | 'paths' | 'settings' | 'run'>,
  app: string,
): AppSandbox {
  return deps.sandbox ? deps.sandbox(app) : createSandbox(deps.paths, deps.settings, app, deps.run);
}

/** Marks a function as a hop3 plugin definition (shared across copies of the SDK). */
export const PLUGIN_META: unique symbol = Symbol.for('hop3.plugin') as never;

/** A plugin definition: a factory the container calls with PluginDeps, carrying its identity. */
export type PluginDefinition<T> = ((deps: PluginDeps) => T) & {
  readonly [PLUGIN_META]: PluginMeta;
};

const PLUGIN_NAME = /^[a-z][a-z0-9-]{0,40}$/;

function define<T>(
  kind: PluginKind,
  name: string,
  factory: (deps: PluginDeps) => T,
): PluginDefinition<T> {
  if (!PLUGIN_NAME.test(name)) {
    throw new Error(
      `hop3 ${kind} plugin name ${JSON.stringify(name)} must be kebab-case (a-z, 0-9, "-")`,
    );
  }
  const fn = (deps: PluginDeps): T => factory(deps);
  Object.defineProperty(fn, PLUGIN_META, {
    value: { kind, name, sdkVersion: SDK_VERSION },
    enumerable: false,
  });
  return fn as PluginDefinition<T>;
}

export type * from './sdk/build.js';
export type * from './sdk/kinds.js';
export { addonIdentifier } from './sdk/kinds.js';

// The toolkit: helpers any toolchain may use, built-in or external (documented in docs/plugins.md).
export {
  downloadError,
  matchingLines,
  NETWORK_ERRORS,
  onPath,
  plain,
  query,
  requireMarker,
  requireTool,
  runStep,
  sameKey,
  saveKey,
  type BuildStep,
  type DownloadFailure,
} from './sdk/toolkit/build-steps.js';
export { defaultWeb, executables, procfileServes, shellWord } from './sdk/toolkit/build-outputs.js';
export { buildEntry, COMPLETE_MARKER, entryDir, isComplete } from './sdk/toolkit/cache-entry.js';
export { candidateJars, DEBIAN_MAVEN_REPO, pickJar, runnableJar } from './sdk/toolkit/jvm.js';
export { goWithoutModule, NOT_APP_CODE, sourceFiles } from './sdk/toolkit/source-files.js';

/** Defines a builder plugin. */
export function defineBuilder(
  name: string,
  factory: (deps: PluginDeps) => Builder,
): PluginDefinition<Builder> {
  return define('builder', name, factory);
}

/** Defines a language toolchain plugin. */
export function defineToolchain(
  name: string,
  factory: (deps: PluginDeps) => LanguageToolchain,
): PluginDefinition<LanguageToolchain> {
  return define('toolchain', name, factory);
}

/** Defines a deployer plugin. */
export function defineDeployer(
  name: string,
  factory: (deps: PluginDeps) => Deployer,
): PluginDefinition<Deployer> {
  return define('deployer', name, factory);
}

/** Defines an addon plugin. */
export function defineAddon(
  name: string,
  factory: (deps: PluginDeps) => Addon,
): PluginDefinition<Addon> {
  return define('addon', name, factory);
}

/** Defines a proxy plugin. */
export function defineProxy(
  name: string,
  factory: (deps: PluginDeps) => Proxy,
): PluginDefinition<Proxy> {
  return define('proxy', name, factory);
}

/** Defines an operating-system plugin. */
export function defineOs(
  name: string,
  factory: (deps: PluginDeps) => OperatingSystem,
): PluginDefinition<OperatingSystem> {
  return define('os', name, factory);
}

/** The members each kind must have (checked when a plugin loads). */
export const REQUIRED_MEMBERS: Record<PluginKind, readonly string[]> = {
  builder: ['reject', 'build'],
  toolchain: ['priority', 'detect', 'build'],
  deployer: ['accept', 'deploy', 'retire', 'status'],
  addon: [
    'description',
    'backupExtension',
    'check',
    'create',
    'attach',
    'destroy',
    'backup',
    'restore',
    'info',
  ],
  proxy: ['setup', 'remove', 'validate', 'reload', 'servedRevision'],
  os: ['detect', 'packageFor', 'installHint', 'installPackages', 'serviceManager', 'ensureUser'],
};

/**
 * The environment a build's commands and processes run with: the toolchain's env holds defaults
 * (NODE_ENV=production) that the app's environment overrides; the build's PATH entries come first.
 */
export function artifactEnv(
  runtime: Pick<BuildArtifact['runtime'], 'env' | 'path'>,
  env: Record<string, string>,
): Record<string, string> {
  const path = [...runtime.path, env.PATH ?? SYSTEM_PATH].filter(Boolean).join(':');
  return { ...runtime.env, ...env, PATH: path };
}

/** Builds the instance environment shared by deployers: runtime env, PATH additions and per-instance values. */
export function instanceEnv(
  request: Pick<DeployRequest, 'env' | 'artifact'>,
  instance: { process: string; index: number; port?: number },
): Record<string, string> {
  const env: Record<string, string> = {
    ...artifactEnv(request.artifact.runtime, request.env),
    PROC_TYPE: instance.process,
    PROC_INDEX: String(instance.index),
    DYNO: `${instance.process}.${instance.index}`,
  };
  if (instance.port !== undefined) env.PORT = String(instance.port);
  return env;
}
