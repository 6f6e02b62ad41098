// SDK types for builds: the source tree, the build context a toolchain gets, and the artifact it returns.
import type { AppConfig } from '../domain/app-config.js';
import type { ProcessDef } from '../domain/procfile.js';
import type { Reporter } from '../output/reporter.js';
import type { RunOptions, RunResult } from '../proc/run.js';

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
  /** The directory `dir` was checked to lie in (the release): the proxy follows no symlink below it. Default: `dir`. */
  within?: string;
  /** Names of files directly in `dir` never served (hop3's own files and the app's config, when `dir` is the release). */
  hidden?: string[];
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
