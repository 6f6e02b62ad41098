// Where the uwsgi deployer keeps one instance: its vassal ini in uwsgi-enabled and its files in apps/<app>/run/<generation>.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Paths, ProcessDef } from '../../../lib/sdk.js';
import { enabledDir } from './settings.js';

/** Names one process instance of one generation of an app. */
export interface InstanceKey {
  app: string;
  generation: number;
  process: string;
  index: number;
}

/** Every file of one instance. */
export interface InstanceFiles {
  /** The vassal ini the emperor watches: apps/<app>/run/vassals (the emperor runs it as the file's owner). */
  vassal: string;
  /** Where hop3 wrote vassals before apps had their own users ($HOP3_HOME/uwsgi-enabled). */
  legacyVassal: string;
  runDir: string;
  /** The sh script `attach-daemon` and cron run (web, worker, cron). */
  launcher: string;
  /** The Python module uWSGI loads (wsgi). */
  shim: string;
  /** The Ruby file uWSGI's rack plugin loads before the app's rackup file (rwsgi). */
  rubyShim: string;
  /** The PHP file prepended to every request's script (php). */
  phpShim: string;
  /** `export KEY='value'` lines (web, worker, cron). */
  shellEnv: string;
  /** A JSON object (wsgi). */
  jsonEnv: string;
  /** `KEY=value` entries separated by NUL bytes (rwsgi, php). */
  nulEnv: string;
  /** One line per start of the app's process. */
  starts: string;
  /** The app process's pid (written by the launcher or the shim). */
  pid: string;
  /** The vassal's uWSGI master pid. */
  vassalPid: string;
  /** What was deployed (kind, port), as JSON. */
  meta: string;
  /** The app's output: `logs/<process>.<n>.log` (what `hop3 logs` shows). */
  logFile: string;
  /**
   * The output of a generation started beside a live one, `logs/<process>.<n>.g<generation>.log`, so its
   * lines never mix with the live one's; renamed to `logFile` when the generation is the one kept.
   */
  generationLog: string;
  /** uWSGI's own messages for a web, worker or cron instance (kept beside its run files). */
  supervisorLog: string;
}

/** Everything one instance's files are rendered from. */
export interface InstanceSpec {
  key: InstanceKey;
  process: ProcessDef;
  /** HTTP port (web, wsgi, rwsgi, php). */
  port?: number;
  workingDir: string;
  virtualenv?: string;
  files: InstanceFiles;
}

const VASSAL_FILE = /^([a-z][a-z0-9-]{0,62})\.(\d+)\.([a-z][a-z0-9_-]*)\.(\d+)\.ini$/;

/** The vassal file name: `<app>.<generation>.<process>.<n>.ini` (app names never contain dots). */
export function vassalName(key: InstanceKey): string {
  return `${key.app}.${key.generation}.${key.process}.${key.index}.ini`;
}

/** The instance a vassal file name stands for, or undefined for any other file. */
export function parseVassalName(file: string): InstanceKey | undefined {
  const m = VASSAL_FILE.exec(file);
  if (!m) return undefined;
  return { app: m[1] ?? '', generation: Number(m[2]), process: m[3] ?? '', index: Number(m[4]) };
}

/** The run directory of one generation of an app. */
export function generationDir(paths: Paths, app: string, generation: number): string {
  return join(paths.run(app), String(generation));
}

/** The files of one instance. */
export function instanceFiles(paths: Paths, key: InstanceKey): InstanceFiles {
  const runDir = generationDir(paths, key.app, key.generation);
  const base = join(runDir, `${key.process}.${key.index}`);
  return {
    vassal: join(vassalDir(paths, key.app), vassalName(key)),
    legacyVassal: join(enabledDir(paths), vassalName(key)),
    runDir,
    launcher: `${base}.sh`,
    shim: `${base}.py`,
    rubyShim: `${base}.rb`,
    phpShim: `${base}.php`,
    shellEnv: `${base}.env`,
    jsonEnv: `${base}.env.json`,
    nulEnv: `${base}.env0`,
    starts: `${base}.starts`,
    pid: `${base}.pid`,
    vassalPid: `${base}.vassal.pid`,
    meta: `${base}.json`,
    logFile: join(paths.logs(key.app), `${key.process}.${key.index}.log`),
    generationLog: join(paths.logs(key.app), `${key.process}.${key.index}.g${key.generation}.log`),
    supervisorLog: `${base}.uwsgi.log`,
  };
}

/** An app's vassal directory: 0750 and never setgid, so a vassal's group is its owner's own. */
export function vassalDir(paths: Paths, app: string): string {
  return join(paths.run(app), 'vassals');
}

const names = (dir: string): string[] => {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
};

/** The instances whose vassal files exist (in the app's vassal dir or the legacy one), in a stable order. */
export function listInstances(paths: Paths, app?: string): InstanceKey[] {
  const apps = app === undefined ? names(paths.apps) : [app];
  const files = new Set([
    ...names(enabledDir(paths)),
    ...apps.flatMap((a) => (existsSync(vassalDir(paths, a)) ? names(vassalDir(paths, a)) : [])),
  ]);
  return [...files]
    .map(parseVassalName)
    .filter((k): k is InstanceKey => k !== undefined && (app === undefined || k.app === app))
    .sort(
      (a, b) =>
        a.generation - b.generation || a.process.localeCompare(b.process) || a.index - b.index,
    );
}
