// The uWSGI emperor: its ini (written by prepare), the service that runs it, and waking it after vassal changes.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  writeFileAtomic,
  type Paths,
  type RenderTemplate,
  type RunCommand,
  type ServiceSpec,
  type Settings,
} from '../../../lib/sdk.js';
import { iniPath, readText } from './files.js';
import { emperorHome, enabledDir, uwsgiSettings } from './settings.js';
import { recordedPid } from './processes.js';

/** True when apps run as their own users: the emperor then runs as root in tyrant mode. */
const tyrant = (settings: Settings): boolean => settings.isolation === 'app-users';

/** The root-owned script the hop3 user runs through sudo to wake a root emperor (installed by setup). */
export const WAKE_SCRIPT = '/usr/local/lib/hop3/wake-emperor';

/** The emperor's own files: in $HOP3_HOME/uwsgi, or in a root-owned directory when it runs as root. */
export function emperorFiles(
  paths: Paths,
  settings?: Settings,
): { ini: string; pid: string; log: string } {
  const dir =
    settings !== undefined && tyrant(settings)
      ? uwsgiSettings(settings).emperorDir
      : emperorHome(paths);
  return {
    ini: join(dir, 'uwsgi.ini'),
    pid: join(dir, 'emperor.pid'),
    log: join(dir, 'emperor.log'),
  };
}

/**
 * The emperor ini: watch every app's vassal dir and uwsgi-enabled every second, respawn fast. As root it
 * runs in tyrant mode: each vassal runs as the owner of its ini (never root; symlinks refused).
 */
export function renderEmperorIni(render: RenderTemplate, paths: Paths): string {
  const files = emperorFiles(paths);
  return render('deployers/uwsgi/emperor.ini.njk', {
    vassalsDir: iniPath(enabledDir(paths), 'vassal directory'),
    appVassals: `${iniPath(paths.apps, 'apps directory')}/*/run/vassals/*.ini`,
    pidFile: iniPath(files.pid, 'emperor pid file'),
    logFile: iniPath(files.log, 'emperor log file'),
  });
}

/** Creates uwsgi/ and uwsgi-enabled/ and writes the emperor ini when it changed (idempotent; as root, its own dir). */
export function prepareEmperor(render: RenderTemplate, paths: Paths): void {
  mkdirSync(emperorHome(paths), { recursive: true });
  mkdirSync(enabledDir(paths), { recursive: true });
  // A root emperor takes its options on its command line (emperorService); the ini is for a hop3 one.
  const files = emperorFiles(paths);
  const text = renderEmperorIni(render, paths);
  if (readText(files.ini) !== text) writeFileAtomic(files.ini, text);
}

/**
 * The resident emperor. SIGINT, SIGTERM and SIGQUIT all make it stop every vassal and exit ("Ragnarok",
 * checked on 2.0.21: about 3 s with vassals running); SIGINT is the documented one.
 */
export function emperorService(paths: Paths, settings: Settings): ServiceSpec {
  const files = emperorFiles(paths, settings);
  return {
    ...(tyrant(settings) ? { asRoot: true } : {}),
    name: 'hop3-emperor',
    description: 'hop3 uWSGI emperor (runs every app process)',
    // As root the options are on the command line: no file a lower user could write is read as config.
    command: tyrant(settings)
      ? [
          uwsgiSettings(settings).binary,
          '--strict',
          '--emperor',
          iniPath(enabledDir(paths), 'vassal directory'),
          '--emperor',
          `${iniPath(paths.apps, 'apps directory')}/*/run/vassals/*.ini`,
          '--emperor-tyrant',
          '--emperor-tyrant-nofollow',
          '--emperor-freq',
          '1',
          '--emperor-throttle',
          '10',
          '--emperor-max-throttle',
          '30000',
          '--pidfile',
          iniPath(files.pid, 'emperor pid file'),
          '--logto',
          iniPath(files.log, 'emperor log file'),
        ]
      : [uwsgiSettings(settings).binary, '--ini', files.ini],
    stopSignal: 'SIGINT',
    pidFile: files.pid,
  };
}

/**
 * Makes the emperor rescan its directory now (SIGWINCH) instead of at its next one-second scan; false when
 * no emperor runs. That is not an error here: vassals start at its first scan once it runs.
 */
export async function wakeEmperor(
  paths: Paths,
  settings?: Settings,
  run?: RunCommand,
): Promise<boolean> {
  const pid = recordedPid(emperorFiles(paths, settings).pid);
  if (pid === undefined) return false;
  if (settings !== undefined && tyrant(settings) && run !== undefined && process.getuid?.() !== 0) {
    // A root emperor: the hop3 user may only run the fixed wake script, with no arguments.
    const result = await run('/usr/bin/sudo', ['-n', WAKE_SCRIPT], {
      reject: false,
      timeoutMs: 10_000,
    });
    return result.exitCode === 0;
  }
  try {
    process.kill(pid, 'SIGWINCH');
    return true;
  } catch {
    return false;
  }
}
