// The uWSGI emperor: its ini (written by prepare), the service that runs it, and waking it after vassal changes.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic, type Paths, type RenderTemplate, type ServiceSpec, type Settings } from '../../../lib/sdk.js';
import { iniPath, readText } from './files.js';
import { recordedPid } from './processes.js';

/** The emperor's own files, in paths.uwsgi. */
export function emperorFiles(paths: Paths): { ini: string; pid: string; log: string } {
  return { ini: join(paths.uwsgi, 'uwsgi.ini'), pid: join(paths.uwsgi, 'emperor.pid'), log: join(paths.uwsgi, 'emperor.log') };
}

/** The emperor ini: watch uwsgi-enabled every second, respawn fast, log to uwsgi/emperor.log. */
export function renderEmperorIni(render: RenderTemplate, paths: Paths): string {
  const files = emperorFiles(paths);
  return render('deployers/uwsgi/emperor.ini.njk', {
    vassalsDir: iniPath(paths.uwsgiEnabled, 'vassal directory'),
    pidFile: iniPath(files.pid, 'emperor pid file'),
    logFile: iniPath(files.log, 'emperor log file'),
  });
}

/** Creates uwsgi/ and uwsgi-enabled/ and writes the emperor ini when it changed (idempotent). */
export function prepareEmperor(render: RenderTemplate, paths: Paths): void {
  mkdirSync(paths.uwsgi, { recursive: true });
  mkdirSync(paths.uwsgiEnabled, { recursive: true });
  const ini = emperorFiles(paths).ini;
  const text = renderEmperorIni(render, paths);
  if (readText(ini) !== text) writeFileAtomic(ini, text);
}

/**
 * The resident emperor. SIGINT, SIGTERM and SIGQUIT all make it stop every vassal and exit ("Ragnarok",
 * checked on 2.0.21: about 3 s with vassals running); SIGINT is the documented one.
 */
export function emperorService(paths: Paths, settings: Settings): ServiceSpec {
  const files = emperorFiles(paths);
  return {
    name: 'hop3-emperor',
    description: 'hop3 uWSGI emperor (runs every app process)',
    command: [settings.uwsgi.binary, '--ini', files.ini],
    stopSignal: 'SIGINT',
    pidFile: files.pid,
  };
}

/**
 * Makes the emperor rescan its directory now (SIGWINCH) instead of at its next one-second scan; false when
 * no emperor runs. That is not an error here: vassals start at its first scan once it runs.
 */
export function wakeEmperor(paths: Paths): boolean {
  const pid = recordedPid(emperorFiles(paths).pid);
  if (pid === undefined) return false;
  try {
    process.kill(pid, 'SIGWINCH');
    return true;
  } catch {
    return false;
  }
}
