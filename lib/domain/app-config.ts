// Reads an app's Procfile, hop3.toml and ENV file from its source tree into one typed AppConfig.
import { Hop3Error } from '../errors.js';
import { readAppFile } from './app-file.js';
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
  /** Initial process counts from app.json formation (data; {} when none). */
  formation?: Record<string, number>;
  /** What app.json and CHECKS add (predeploy, postdeploy, secrets, notes). */
  dokku?: DokkuConfig;
  /** Which of the files were present. */
  files: { procfile: boolean; toml: boolean; env: boolean };
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

/** Loads the app configuration from a source directory. Throws on any invalid file. */
export function loadAppConfig(sourceDir: string): AppConfig {
  const procText = readAppFile(sourceDir, 'Procfile');
  const tomlText = readAppFile(sourceDir, 'hop3.toml');
  const envText = readAppFile(sourceDir, 'ENV');
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
    formation: dokku.formation,
    dokku,
    files: {
      procfile: procText !== undefined,
      toml: tomlText !== undefined,
      env: envText !== undefined,
    },
  };
}
