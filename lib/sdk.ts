// The plugin SDK: the only module plugins import. Kind interfaces, define* helpers, shared domain types.
import type { AppConfig } from './domain/app-config.js';
import type { ProcessDef, ProcessKind } from './domain/procfile.js';
import type { Reporter } from './output/reporter.js';
import type { Paths } from './paths.js';
import type { RunCommand, RunOptions, RunResult } from './proc/run.js';
import type { Settings } from './settings.js';
import type { RenderTemplate } from './templates/render.js';
import { Hop3Error } from './errors.js';

export { Hop3Error, isHop3Error, type ErrorCode } from './errors.js';
export { readAddonServer } from './addons/servers.js';
export { shellQuote } from './domain/shell-words.js';
export type { AppConfig, ProcessDef, ProcessKind, Reporter, Paths, RunCommand, RunOptions, RunResult, Settings };
export { SERVING_KINDS, servesHttp } from './domain/procfile.js';
export type { RenderTemplate };

/** The SDK version; a plugin built for another major version is refused. */
export const SDK_VERSION = '1.0.0';

/** The six plugin kinds. */
export type PluginKind = 'builder' | 'toolchain' | 'deployer' | 'addon' | 'proxy' | 'os';

/** All plugin kinds, in the order `hop3 plugins` lists them. */
export const PLUGIN_KINDS: readonly PluginKind[] = ['builder', 'toolchain', 'deployer', 'addon', 'proxy', 'os'];

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
}

/** Marks a function as a hop3 plugin definition (shared across copies of the SDK). */
export const PLUGIN_META: unique symbol = Symbol.for('hop3.plugin') as never;

/** A plugin definition: a factory the container calls with PluginDeps, carrying its identity. */
export type PluginDefinition<T> = ((deps: PluginDeps) => T) & { readonly [PLUGIN_META]: PluginMeta };

const PLUGIN_NAME = /^[a-z][a-z0-9-]{0,40}$/;

function define<T>(kind: PluginKind, name: string, factory: (deps: PluginDeps) => T): PluginDefinition<T> {
  if (!PLUGIN_NAME.test(name)) {
    throw new Error(`hop3 ${kind} plugin name ${JSON.stringify(name)} must be kebab-case (a-z, 0-9, "-")`);
  }
  const fn = (deps: PluginDeps): T => factory(deps);
  Object.defineProperty(fn, PLUGIN_META, { value: { kind, name, sdkVersion: SDK_VERSION }, enumerable: false });
  return fn as PluginDefinition<T>;
}

// ---------------------------------------------------------------- source, build context, artifact

/** Read-only view of an app's source tree, for detection. */
export interface SourceTree {
  dir: string;
  /** True when the relative path exists. */
  has(path: string): boolean;
  /** The text of a relative file, or undefined. */
  read(path: string): string | undefined;
  /** Names in the top directory. */
  list(): string[];
}

/** Why a toolchain claims an app (printed: "-----> Node.js app detected (package.json)"). */
export interface Detection {
  reason: string;
}

/** A static directory the proxy serves directly. */
export interface StaticPath {
  /** URL prefix, e.g. "/" or "/assets". */
  url: string;
  /** Absolute directory. */
  dir: string;
}

/** How the pipeline decides a new web process is healthy. */
export interface HealthCheck {
  /** Request path; when set, a 2xx/3xx answer is required (else any HTTP answer will do). */
  path?: string;
  /** Text the body must contain. */
  contains?: string;
  /** Seconds a new instance has to become healthy. */
  timeoutSec: number;
  /** Consecutive successful probes required before the switch (default 1). */
  attempts?: number;
}

/** The runtime half of a BuildArtifact: what the deployer needs to run the build. */
export interface RuntimeConfig {
  /** Environment the build adds (e.g. VIRTUAL_ENV, NODE_ENV). */
  env: Record<string, string>;
  /** Directories put in front of PATH. */
  path: string[];
  /** Working directory of every process (absolute). */
  workingDir: string;
  processes: ProcessDef[];
  release?: string;
  static: StaticPath[];
  healthcheck: HealthCheck;
  /** For wsgi processes: the Python virtualenv, if any. */
  virtualenv?: string;
}

/** The hand-off between build and deploy, saved as BUILD_ARTIFACT.json in the release dir. */
export interface BuildArtifact {
  /** python, node, static, generic, ... (deployers accept by kind). */
  kind: string;
  /** Where the built app lives (the release dir for local builds). */
  location: string;
  builder: string;
  toolchain: string;
  app: string;
  /** The git sha the build came from. */
  buildId: string;
  builtAt: string;
  metadata: Record<string, unknown>;
  runtime: RuntimeConfig;
}

/** What a toolchain adds when it builds (the rest of the artifact is filled in by the context). */
export interface ArtifactParts {
  kind: string;
  env?: Record<string, string>;
  path?: string[];
  /** Processes to use when the Procfile defines none (e.g. a Go binary as `web`). */
  defaultProcesses?: ProcessDef[];
  virtualenv?: string;
  metadata?: Record<string, unknown>;
}

/** Everything a builder and a toolchain need to build one release. */
export interface BuildContext {
  app: string;
  release: number;
  sha: string;
  /** The release directory holding the source; builds write their outputs here. */
  sourceDir: string;
  /** A per-app cache directory for this toolchain (kept across deploys). */
  cacheDir: string;
  /** Build environment: the app's config (ENV file, hop3.toml [env], config vars), PATH and HOME. */
  env: Record<string, string>;
  config: AppConfig;
  log: Reporter;
  /** Runs a command in the source dir with the build env, streaming its output into the deploy log. */
  run(file: string, args: readonly string[], options?: RunOptions): Promise<RunResult>;
  /** SHA-256 (hex, 16 chars) of the named source files' contents plus `extra`, for cache keys. */
  hash(files: readonly string[], extra?: string): string;
  /** Builds the artifact from the toolchain's parts, the Procfile and hop3.toml. */
  artifact(parts: ArtifactParts): BuildArtifact;
}

// ---------------------------------------------------------------- the six kinds

/** A resident process a plugin needs, run by `hop3 setup` as a systemd unit or, without systemd, directly. */
export interface ServiceSpec {
  /** Unit name without ".service", e.g. "hop3-emperor". */
  name: string;
  description: string;
  /** Absolute binary and arguments. */
  command: string[];
  /** Signal that stops it gracefully (default SIGTERM). */
  stopSignal?: string;
  /** Where it writes its pid (used by direct starts to tell whether it runs). */
  pidFile?: string;
}

/** Members any plugin may add: host preparation run by `hop3 setup`, and resident services. */
export interface PluginHostHooks {
  /** Idempotent host preparation (directories, global config files); runs as the hop3 user. */
  prepare?(): Promise<void>;
  /** Resident processes this plugin needs running. */
  services?(): ServiceSpec[];
}

/** Decides where and how a build runs (`local`, `docker`). */
export interface Builder extends PluginHostHooks {
  /** Undefined when it can build this app, else why not. */
  reject(ctx: BuildContext): string | undefined;
  build(ctx: BuildContext, toolchain: LoadedToolchain): Promise<BuildArtifact>;
}

/** Language-specific detection and build. */
export interface LanguageToolchain extends PluginHostHooks {
  /** Higher wins when several detect the same app; equal priorities are a tie (an error). */
  priority: number;
  /** Host binaries the build needs (checked when the toolchain is selected). */
  requires?: readonly string[];
  /** A human name for messages ("Node.js"). */
  title?: string;
  detect(src: SourceTree, config: AppConfig): Detection | null | Promise<Detection | null>;
  build(ctx: BuildContext): Promise<BuildArtifact>;
}

/** A toolchain with its name, as the builder receives it. */
export interface LoadedToolchain extends LanguageToolchain {
  name: string;
}

/** One running (or expected) process instance. */
export interface InstanceInfo {
  process: string;
  kind: ProcessKind;
  index: number;
  /** HTTP port for web/wsgi instances. */
  port?: number;
}

/** What a deployer started: where the web instances answer. */
export interface DeploymentInfo {
  deployer: string;
  release: number;
  /** Increases at every start of an app's processes; names this set of instances. */
  generation: number;
  instances: InstanceInfo[];
  /** "127.0.0.1:port" of every web instance (empty for static sites and worker-only apps). */
  upstreams: string[];
}

/** A request to start one generation of an app's processes. */
export interface DeployRequest {
  app: string;
  release: number;
  generation: number;
  artifact: BuildArtifact;
  /** The complete runtime environment except PORT (added per web instance). */
  env: Record<string, string>;
  /** Instance count per process name. */
  formation: Record<string, number>;
  log: Reporter;
}

/** The observed state of one instance. */
export interface InstanceStatus extends InstanceInfo {
  generation: number;
  state: 'running' | 'starting' | 'crashed' | 'stopped';
  /** How many times it was restarted after exiting. */
  restarts: number;
  pid?: number;
  logFile: string;
}

/** Runs an artifact (`uwsgi`, `static`, `docker-compose`). */
export interface Deployer extends PluginHostHooks {
  accept(artifact: BuildArtifact): boolean;
  /** Starts the request's instances beside any running ones and returns where they listen. */
  deploy(request: DeployRequest): Promise<DeploymentInfo>;
  /** Stops every instance of the app except those of generation `keep` (all when undefined). */
  retire(app: string, keep?: number): Promise<void>;
  status(app: string): Promise<InstanceStatus[]>;
}

/** What `addons:create` asks an addon plugin for. */
export interface AddonRequest {
  /** The instance name, already validated (`^[a-z][a-z0-9-]{0,49}$`); see addonIdentifier(). */
  instance: string;
  /** The app it is created for (`--app`, or hop3.toml [[addons]]), when there is one. */
  app?: string;
}

/**
 * What an addon instance hands to apps. hop3 stores it encrypted; values whose key looks secret
 * (`password`, `...url`, `...token`) are masked in every output unless `addons:info --reveal`.
 */
export interface AddonCredential {
  addonType: string;
  instance: string;
  values: Record<string, string>;
}

/** How `hop3 setup --with TYPE` provides the server an addon type needs (runs as root). */
export interface AddonServer {
  /** Debian packages to install (through the OS plugin). */
  packages: readonly string[];
  /** Starts the server unless it runs (a systemd unit, or directly without systemd); says what it did. */
  start(manager: ServiceManager): Promise<string>;
  /** Gives the OS user hop3 runs as admin rights without a stored password; returns the connection to record. */
  grantAdmin(user: string): Promise<Record<string, string | number>>;
}

/**
 * Provisions a backing service (postgres, mysql, redis, ...). Every member that changes the server
 * must leave nothing half-made when it throws.
 */
export interface Addon extends PluginHostHooks {
  /** One line for `addons:types`. */
  description: string;
  /** File name extension of its backups (`dump`, `sql`, ...). */
  backupExtension: string;
  /** Present when `hop3 setup --with` can install and start the server. */
  server?: AddonServer;
  /** Throws E_ADDON_SERVER naming the fix when the server is missing, stopped or refuses hop3. */
  check(): Promise<void>;
  /** Makes a new instance (its own database, user, process, ...) and returns its credential. */
  create(request: AddonRequest): Promise<AddonCredential>;
  /** The environment an app gets for the credential, unprefixed (`DATABASE_URL`, ...). */
  attach(app: string, credential: AddonCredential): Record<string, string>;
  /**
   * Removes the instance and its data; idempotent. Also called with empty `values` to clean up a
   * creation that failed half-way, so it must find what it made from `instance` alone.
   */
  destroy(credential: AddonCredential): Promise<void>;
  /** Writes a dump of the instance's data to `file`. */
  backup(credential: AddonCredential, file: string): Promise<void>;
  /** Checks `file` (E_BACKUP_INVALID), then replaces the data with it; on failure the data is as before. */
  restore(credential: AddonCredential, file: string): Promise<void>;
  /** Facts for `addons:info` (never secrets); `status` is `available` or why not. Does not throw. */
  info(credential: AddonCredential): Promise<Record<string, string> & { status: string }>;
}

/**
 * The database, role or user name hop3 gives an addon instance: `hop3_` and the name with "-" as "_"
 * (names never contain "_", so two names never share an identifier).
 */
export function addonIdentifier(instance: string): string {
  if (!/^[a-z][a-z0-9-]{0,49}$/.test(instance)) throw new Hop3Error('E_INVALID_NAME', `invalid addon name ${JSON.stringify(instance)}`);
  return `hop3_${instance.replace(/-/g, '_')}`;
}

/** What the proxy must serve for one app. */
export interface ProxySite {
  app: string;
  /** Host names, the first being `<app>.<domain>`. */
  hosts: string[];
  /** Web instances to balance across ("127.0.0.1:port"); empty for static-only sites. */
  upstreams: string[];
  static: StaticPath[];
  /** Changes at every switch; the proxy can report it so the switch can be verified. */
  revision: string;
}

/** Configures a reverse proxy (nginx, caddy). */
export interface Proxy extends PluginHostHooks {
  /** Renders the app's site, validates it with the others, installs it atomically and reloads. */
  setup(site: ProxySite): Promise<void>;
  remove(app: string): Promise<void>;
  validate(): Promise<void>;
  reload(): Promise<void>;
  /** The revision the proxy currently serves for the app (read through the proxy itself). */
  servedRevision(app: string, host: string): Promise<string | undefined>;
}

/** Which service manager runs hop3's resident processes. */
export type ServiceManager = 'systemd' | 'direct';

/** System operations for one distribution family. */
export interface OperatingSystem extends PluginHostHooks {
  title: string;
  /** True when /etc/os-release (parsed) describes this family. */
  detect(osRelease: Record<string, string>): boolean;
  /** The package that provides a binary, for "install it with ..." messages. */
  packageFor(binary: string): string | undefined;
  /** The command line that installs packages (shown in hints). */
  installHint(packages: readonly string[]): string;
  /** Installs the packages that are missing; returns those it installed. */
  installPackages(packages: readonly string[]): Promise<string[]>;
  serviceManager(): ServiceManager;
  ensureUser(name: string, home: string): Promise<void>;
}

/** Defines a builder plugin. */
export function defineBuilder(name: string, factory: (deps: PluginDeps) => Builder): PluginDefinition<Builder> {
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
export function defineDeployer(name: string, factory: (deps: PluginDeps) => Deployer): PluginDefinition<Deployer> {
  return define('deployer', name, factory);
}

/** Defines an addon plugin. */
export function defineAddon(name: string, factory: (deps: PluginDeps) => Addon): PluginDefinition<Addon> {
  return define('addon', name, factory);
}

/** Defines a proxy plugin. */
export function defineProxy(name: string, factory: (deps: PluginDeps) => Proxy): PluginDefinition<Proxy> {
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
  addon: ['description', 'backupExtension', 'check', 'create', 'attach', 'destroy', 'backup', 'restore', 'info'],
  proxy: ['setup', 'remove', 'validate', 'reload', 'servedRevision'],
  os: ['detect', 'packageFor', 'installHint', 'installPackages', 'serviceManager', 'ensureUser'],
};

/** Builds the instance environment shared by deployers: runtime env, PATH additions and per-instance values. */
export function instanceEnv(
  request: Pick<DeployRequest, 'env' | 'artifact'>,
  instance: { process: string; index: number; port?: number },
): Record<string, string> {
  const runtime = request.artifact.runtime;
  const basePath = request.env.PATH ?? '/usr/local/bin:/usr/bin:/bin';
  // The toolchain's env holds defaults (NODE_ENV=production): the app's config and hop3's own variables win.
  const env: Record<string, string> = {
    ...runtime.env,
    ...request.env,
    PATH: [...runtime.path, basePath].join(':'),
    PROC_TYPE: instance.process,
    PROC_INDEX: String(instance.index),
    DYNO: `${instance.process}.${instance.index}`,
  };
  if (instance.port !== undefined) env.PORT = String(instance.port);
  return env;
}
