// SDK types for the six plugin kinds: builder, toolchain, deployer, addon, proxy, OS (and their data).
import type { ProcessKind } from '../domain/procfile.js';
import type { Reporter } from '../output/reporter.js';
import type { BuildArtifact, BuildContext, Detection, SourceTree, StaticPath } from './build.js';
import type { AppConfig } from '../domain/app-config.js';

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
  /** Runs as root (the uWSGI emperor in tyrant mode); every other service runs as the hop3 user. */
  asRoot?: boolean;
}

/** A plugin's own section of settings.json: the top-level object named after the plugin (e.g. "nginx"). */
export interface SettingsSection {
  /** The keys `hop3 setup` writes on a new host (an administrator's values are kept). */
  written: Readonly<Record<string, unknown>>;
  /**
   * Keys naming programs root runs, or files and directories root writes or reads configuration from: setup
   * resets them to the defaults when settings.json was writable by a user other than root.
   */
  rootTrusted: readonly string[];
  /** Rewrites values an older hop3 wrote (run by `hop3 setup` over the existing section). */
  migrate?(section: Record<string, unknown>): Record<string, unknown>;
}

/** A directory under $HOP3_HOME a plugin needs, created by `hop3 setup` and owned by the hop3 user. */
export interface HomeDir {
  /** One plain name directly under $HOP3_HOME (e.g. "uwsgi-enabled"). */
  name: string;
  mode: number;
}

/** What `hop3 setup` (as root) hands to a plugin's prepareHost() and startHost(). */
export interface HostSetup {
  /** How resident processes run on this host. */
  manager: ServiceManager;
  /** The hop3 user, owner of HOP3_HOME. */
  user: { name: string; uid: number; gid: number };
  log: Reporter;
  /** Writes a root-owned file when its content changed (atomic; `validate` sees the candidate first); true when it did. */
  writeFile(
    file: string,
    text: string,
    options: { mode: number; validate?: (candidate: string) => Promise<void> },
  ): Promise<boolean>;
  /** Runs `systemctl ARGS` (only with the systemd manager). */
  systemctl(args: string[]): Promise<void>;
  /** True when the pid file names a running process whose command is `name`. */
  running(pidFile: string, name: string): boolean;
  /** Records a change for setup's closing line ("nginx include"). */
  changed(what: string): void;
}

/**
 * Members any plugin may add to take part in host set-up. Setup and boot call them for every loaded plugin,
 * except proxies other than `settings.proxy` and supervisors (deployers with `supervise`) other than
 * `settings.supervisor`.
 */
export interface PluginHostHooks {
  /** Debian packages the plugin needs on the host (installed by `hop3 setup` through the OS plugin). */
  packages?: readonly string[];
  /** Directories under $HOP3_HOME it needs (created by setup, owned by the hop3 user). */
  homeDirs?: readonly HomeDir[];
  /** Its own settings section, when it has one (the section's name is the plugin's). */
  settingsSection?: SettingsSection;
  /** Root-owned commands the hop3 user may run as root through sudo, with no arguments (installed by prepareHost). */
  sudoCommands?(): readonly string[];
  /** Host set-up as root, run by `hop3 setup` (global config files, root-owned directories); idempotent. */
  prepareHost?(host: HostSetup): Promise<void>;
  /** Starts or reloads a system daemon the plugin drives (setup and boot, unless --no-services). */
  startHost?(host: HostSetup): Promise<void>;
  /** Idempotent preparation as the hop3 user (`hop3 prepare`, run by setup): files under HOP3_HOME. */
  prepare?(): Promise<void>;
  /** Resident processes this plugin needs running (systemd units, or started directly without systemd). */
  services?(): ServiceSpec[];
}

/** A long-running process a plugin asks the host's supervisor to keep running (an addon's server). */
export interface SupervisedProcess {
  /** Unique among supervised processes: kebab-case, e.g. "addon-redis-cache". */
  name: string;
  /** Absolute binary and plain arguments (letters, digits, "/", ".", "_", "-", ":", "="). */
  command: string[];
  /** Where its output goes (a plain absolute path). */
  logFile: string;
  /** The signal that stops it gracefully (default SIGTERM). */
  stopSignal?: 'SIGTERM' | 'SIGINT' | 'SIGQUIT';
}

/**
 * The `supervise` service: start, restart and stop named long-running processes; the supervisor restarts
 * one that crashes. Implemented by the deployer named by `settings.supervisor`.
 */
export interface Supervise {
  /** Undefined when processes can be started now, else why not (e.g. the supervisor is not running). */
  unavailable(): string | undefined;
  /** Starts the process, or replaces a running one with the same name whose spec changed. */
  start(process: SupervisedProcess): Promise<void>;
  /** Stops and starts it again (no-op when it is not known). */
  restart(name: string): Promise<void>;
  /** Asks it to stop (its stop signal) and forgets it; idempotent. The caller waits for its exit if it must. */
  stop(name: string): Promise<void>;
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
  /** Present on a process supervisor: runs plugins' long-running processes (used when `settings.supervisor` names it). */
  supervise?: Supervise;
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

export { addonIdentifier } from '../domain/addon-names.js';

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

/** One finding of a plugin's health check, as `hop3 doctor` prints it. */
export interface HealthFinding {
  /** `services`: something runs; `config`: a file is valid or present. */
  area: 'services' | 'config';
  /** What was checked, e.g. "nginx", "nginx site of web". */
  check: string;
  ok: boolean;
  /** What was found. */
  detail: string;
  /** What to do when it failed (a command the administrator can type). */
  fix?: string;
}

/** What a proxy's health check covers: the apps that should be served now (deployed and not stopped). */
export interface HealthRequest {
  apps: readonly string[];
}

/** Configures a reverse proxy (nginx, caddy). */
export interface Proxy extends PluginHostHooks {
  /** True when the proxy holds a site for the app (boot restarts an app whose site is missing). */
  hasSite?(app: string): boolean;
  /** Renders the app's site, validates it with the others, installs it atomically and reloads. */
  setup(site: ProxySite): Promise<void>;
  remove(app: string): Promise<void>;
  validate(): Promise<void>;
  reload(): Promise<void>;
  /** The revision the proxy currently serves for the app (read through the proxy itself). */
  servedRevision(app: string, host: string): Promise<string | undefined>;
  /** For `hop3 doctor`: whether the proxy runs and each app's site is installed. Never throws. */
  health?(request: HealthRequest): Promise<HealthFinding[]>;
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
