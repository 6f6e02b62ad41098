// The `supervise` service: a plugin's long-running process (an addon's server) as a vassal of the emperor in
// uwsgi-enabled/. Writing its ini starts it, deleting it stops it (its stop signal), and the emperor restarts it
// if it crashes. The vassal runs as the hop3 user (a root emperor runs a vassal as the owner of its ini).
import { rmSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import {
  Hop3Error,
  writeFileAtomic,
  type Paths,
  type RenderTemplate,
  type RunCommand,
  type Settings,
  type Supervise,
  type SupervisedProcess,
} from '../../../lib/sdk.js';
import { emperorFiles, wakeEmperor } from './emperor.js';
import { readText } from './files.js';
import { recordedPid } from './processes.js';
import { emperorHome, enabledDir } from './settings.js';

// A vassal file starts with "_" (app names never do); "." lets names keep the files of older versions (_addon-redis.<name>.ini).
const NAME = /^[a-z][a-z0-9.-]{0,80}$/;
// uWSGI expands "$", "%" and "@" in ini values and attach-daemon2 splits on "," and "=": only plain words go there.
const PLAIN = /^[A-Za-z0-9_./:+-]+$/;
const SIGNALS = { SIGTERM: 15, SIGINT: 2, SIGQUIT: 3 } as const;

interface Host {
  paths: Paths;
  settings: Settings;
  render: RenderTemplate;
  run: RunCommand;
}

/** The vassal ini and the vassal master's pid file of a supervised process. */
export function supervisedFiles(
  paths: Pick<Paths, 'home'>,
  name: string,
): { ini: string; vassalPid: string } {
  if (!NAME.test(name))
    throw new Hop3Error(
      'E_INVALID_NAME',
      `invalid supervised process name ${JSON.stringify(name)}`,
    );
  return {
    ini: join(enabledDir(paths), `_${name}.ini`),
    vassalPid: join(emperorHome(paths), `_${name}.pid`),
  };
}

function plain(value: string, what: string): string {
  if (PLAIN.test(value)) return value;
  throw new Hop3Error(
    'E_INVALID_VALUE',
    `${what} ${JSON.stringify(value)} cannot go into a uWSGI vassal`,
    {
      hint: 'only letters, digits and "/", ".", "_", ":", "+", "-" (HOP3_HOME must be a plain path)',
    },
  );
}

/** The vassal ini for a process. */
export function renderSupervised(
  render: RenderTemplate,
  paths: Pick<Paths, 'home'>,
  spec: SupervisedProcess,
): string {
  const files = supervisedFiles(paths, spec.name);
  if (!spec.command[0]?.startsWith('/'))
    throw new Hop3Error(
      'E_INVALID_VALUE',
      `supervised process ${spec.name} must start an absolute path`,
    );
  return render('deployers/uwsgi/supervised.ini.njk', {
    name: spec.name,
    vassalPidFile: plain(files.vassalPid, 'the pid file'),
    command: spec.command.map((arg) => plain(arg, 'the argument')).join(' '),
    stopSignal: SIGNALS[spec.stopSignal ?? 'SIGTERM'],
    logFile: plain(spec.logFile, 'the log file'),
  });
}

/** The uwsgi deployer's supervise service. */
export function uwsgiSupervise(host: Host): Supervise {
  const wake = async (): Promise<void> => {
    await wakeEmperor(host.paths, host.settings, host.run);
  };
  return {
    unavailable: () =>
      recordedPid(emperorFiles(host.paths, host.settings).pid) === undefined
        ? "the uWSGI emperor (hop3's process supervisor) is not running"
        : undefined,
    async start(spec) {
      const files = supervisedFiles(host.paths, spec.name);
      const text = renderSupervised(host.render, host.paths, spec);
      if (readText(files.ini) === text) return;
      writeFileAtomic(files.ini, text, 0o644);
      await wake();
    },
    async restart(name) {
      const files = supervisedFiles(host.paths, name);
      if (readText(files.ini) === undefined) return;
      // The emperor reloads a vassal whose ini is touched.
      const now = new Date();
      utimesSync(files.ini, now, now);
      await wake();
    },
    async stop(name) {
      const files = supervisedFiles(host.paths, name);
      if (readText(files.ini) === undefined) return;
      rmSync(files.ini, { force: true });
      await wake();
    },
  };
}
