// The environment an app builds and runs with: repo defaults, addon variables, config vars, then what hop3 injects.
import { mkdirSync } from 'node:fs';
import type { AppConfig } from '../domain/app-config.js';
import type { Paths } from '../paths.js';
import { SYSTEM_PATH } from '../proc/run.js';

/** Variables hop3 sets itself; config vars cannot override them. */
export const INJECTED_KEYS = ['APP', 'PORT', 'BIND_ADDRESS', 'DATA_DIR', 'HOP3_RELEASE'] as const;

/** Inputs for an app's environment. */
export interface EnvInputs {
  app: string;
  release: number;
  config: AppConfig;
  /** Values set with config:set. */
  vars: Record<string, string>;
  /** What the app's attached addons give it (DATABASE_URL, ...), computed when it starts. */
  addons?: Record<string, string>;
  paths: Paths;
  /** HOME of the app's processes (its own home when it has a user; HOP3_HOME otherwise). */
  home?: string;
}

/** The runtime environment (without PORT, which the deployer sets per web instance). */
export function runtimeEnv(inputs: EnvInputs): Record<string, string> {
  const { app, release, config, vars, paths } = inputs;
  const env: Record<string, string> = {
    PATH: SYSTEM_PATH,
    HOME: inputs.home ?? paths.home,
    LANG: 'C.UTF-8',
    ...config.env,
    ...inputs.addons,
    ...vars,
    APP: app,
    BIND_ADDRESS: '127.0.0.1',
    DATA_DIR: paths.data(app),
    HOP3_RELEASE: `v${release}`,
  };
  delete env.PORT;
  return env;
}

/** Creates the app's data directory (DATA_DIR): one per app, shared by its processes, kept across deploys. */
export function ensureDataDir(paths: Paths, app: string): void {
  mkdirSync(paths.data(app), { recursive: true, mode: 0o700 });
}
