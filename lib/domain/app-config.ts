// Reads an app's Procfile, hop3.toml and ENV file from its source tree into one typed AppConfig.
import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import { Hop3Error } from '../errors.js';
import { readAppFile, unsafePath } from './app-file.js';
import type { HealthCheckConfig } from './app-json.js';
import { loadDokkuConfig, type DokkuConfig } from './dokku-config.js';
import { parseEnvFile } from './envfile.js';
import { parseHop3Toml, type Hop3Toml } from './hop3-toml.js';
import { parseProcfile, servesHttp, type ProcessDef, type Procfile } from './procfile.js';

/** Everything an app's repository says about how to build and run it. */
export interface AppConfig {
  /** Processes and hooks: the Procfile with hop3.toml's [run] and [build] hooks applied over it. */
  procfile: Procfile;
  /** The validated hop3.toml ({} when absent). */
  toml: Hop3Toml;
  /** Default environment: the ENV file, then hop3.toml [env] over it. */
  env: Record<string, string>;
  /** The health check: hop3.toml [healthcheck], then app.json, then CHECKS (absent: none of them says). */
  healthcheck?: HealthCheckConfig;
  /**
   * Instance counts the repository asks for (hop3.toml [scale]; one for each [run.workers] entry; app.json
   * formation below them), used for process types `ps:scale` has not set.
   */
  formation?: Record<string, number>;
  /** What app.json and CHECKS add (predeploy, postdeploy, secrets, notes). */
  dokku?: DokkuConfig;
  /** Which of the files were present (at the root or in `hop3/`). */
  files: { procfile: boolean; toml: boolean; env: boolean };
  /** Things to tell the user about where the config came from (a `hop3/` file ignored for the root one). */
  notes?: string[];
}

/** The directory of an app's source tree where its config files may live instead of the root. */
export const CONFIG_DIR = 'hop3';

/** True when `<dir>/hop3` is a real directory; a symlink in its place is refused (E_UNSAFE_PATH). */
function hasConfigDir(dir: string): boolean {
  let stat;
  try {
    stat = lstatSync(join(dir, CONFIG_DIR));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  if (stat.isSymbolicLink()) throw unsafePath(`${CONFIG_DIR}/`, 'is a symbolic link');
  return stat.isDirectory();
}

/**
 * Reads one config file: `<dir>/<name>` when it exists, else `<dir>/hop3/<name>`; the root one wins, and a
 * `hop3/` one beside it is named in `notes` as ignored.
 */
function readConfigFile(
  dir: string,
  name: string,
  configDir: boolean,
  notes: string[],
): string | undefined {
  const root = readAppFile(dir, name);
  const nested = configDir ? readAppFile(dir, `${CONFIG_DIR}/${name}`) : undefined;
  if (root !== undefined && nested !== undefined)
    notes.push(`${CONFIG_DIR}/${name} is ignored: ${name} at the root of the app is used`);
  return root ?? nested;
}

function mergeProcesses(procfile: Procfile, toml: Hop3Toml): ProcessDef[] {
  const byName = new Map(procfile.processes.map((p) => [p.name, p]));
  if (toml.run?.start) {
    for (const p of procfile.processes) if (servesHttp(p.kind)) byName.delete(p.name);
    byName.set('web', { name: 'web', kind: 'web', command: toml.run.start });
  }
  for (const [name, cmd] of Object.entries(toml.run?.workers ?? {})) {
    if (['web', 'wsgi', 'rwsgi', 'php', 'static'].includes(name) || name.startsWith('cron')) {
      throw new Hop3Error('E_HOP3_TOML', `hop3.toml: [run.workers] cannot define "${name}"`, {
        hint: 'use [run] start for the web process and the Procfile for wsgi, rwsgi, php, static and cron',
      });
    }
    byName.set(name, { name, kind: 'worker', command: cmd });
  }
  return [...byName.values()];
}

/**
 * Loads the app configuration from a source directory: each of Procfile, hop3.toml and ENV from the root of the
 * app, else from its `hop3/` directory. Throws on any invalid file.
 */
export function loadAppConfig(sourceDir: string): AppConfig {
  const notes: string[] = [];
  const configDir = hasConfigDir(sourceDir);
  const procText = readConfigFile(sourceDir, 'Procfile', configDir, notes);
  const tomlText = readConfigFile(sourceDir, 'hop3.toml', configDir, notes);
  const envText = readConfigFile(sourceDir, 'ENV', configDir, notes);
  const parsed = procText === undefined ? { processes: [] } : parseProcfile(procText);
  const toml = tomlText === undefined ? {} : parseHop3Toml(tomlText);
  const procfile: Procfile = { ...parsed, processes: mergeProcesses(parsed, toml) };
  const release = toml.run?.release ?? parsed.release;
  const prebuild = toml.build?.prebuild ?? parsed.prebuild;
  const postbuild = toml.build?.postbuild ?? parsed.postbuild;
  if (release !== undefined) procfile.release = release;
  if (prebuild !== undefined) procfile.prebuild = prebuild;
  if (postbuild !== undefined) procfile.postbuild = postbuild;
  const dokku = loadDokkuConfig(sourceDir, toml);
  return {
    procfile,
    toml,
    env: { ...dokku.env, ...(envText === undefined ? {} : parseEnvFile(envText)), ...toml.env },
    ...(dokku.healthcheck === undefined ? {} : { healthcheck: dokku.healthcheck }),
    formation: {
      ...dokku.formation,
      ...Object.fromEntries(Object.keys(toml.run?.workers ?? {}).map((name) => [name, 1])),
      ...toml.scale,
    },
    dokku,
    files: {
      procfile: procText !== undefined,
      toml: tomlText !== undefined,
      env: envText !== undefined,
    },
    notes,
  };
}
