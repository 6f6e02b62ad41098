// Starts a private uWSGI emperor for tests: the uwsgi deployer's own prepare() and service spec in a
// HOP3_HOME, run as the test's user; stop() retires every vassal, stops the emperor and checks nothing is left.
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createPaths, type Paths } from '../../lib/paths.js';
import { createReporter } from '../../lib/output/reporter.js';
import { SYSTEM_PATH, run } from '../../lib/proc/run.js';
import { spawnDetached } from '../../lib/proc/spawn-detached.js';
import { which } from '../../lib/proc/which.js';
import type { Deployer, PluginDeps } from '../../lib/sdk.js';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/settings.js';
import { TEMPLATES_DIR } from '../../lib/install-root.js';
import { createRenderer } from '../../lib/templates/render.js';
import uwsgiDeployer from '../../plugins/deployers/uwsgi/index.js';
import { emperorHome, enabledDir } from '../../plugins/deployers/uwsgi/settings.js';

/** A running private emperor and the uwsgi deployer wired to it. */
export interface TestEmperor {
  home: string;
  paths: Paths;
  /** Settings whose uwsgi.binary is the one found on this host. */
  settings: Settings;
  deployer: Deployer;
  /** The emperor's pid. */
  pid: number;
  /** Everything the deployer reported (warnings of slow retires land here). */
  output: string[];
  /** The end of the emperor's log, for assertion messages. */
  emperorLog(): string;
  /** Retires every app, stops the emperor; removes the home when the helper created it. Safe to call twice. */
  stop(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) [ZX]/s.test(stat);
  } catch {
    return false;
  }
}

/** Pids of running processes whose working directory is inside `dir` (app processes and vassals of a test home). */
export function processesUnder(dir: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || !alive(Number(name))) continue;
    try {
      const cwd = readlinkSync(`/proc/${name}/cwd`);
      if (cwd === dir || cwd.startsWith(`${dir}/`)) found.push(Number(name));
    } catch {
      // gone meanwhile, or not ours to look at
    }
  }
  return found;
}

/** Starts a private emperor over `home` (a fresh temporary HOP3_HOME when omitted); throws when uWSGI is missing. */
export async function startEmperor(home?: string): Promise<TestEmperor> {
  const binary = which('uwsgi');
  if (binary === undefined)
    throw new Error(
      'uwsgi is not installed: the integration tests need it (apt-get install uwsgi uwsgi-plugin-python3)',
    );
  const ownHome = home === undefined;
  const root = home ?? mkdtempSync(join(tmpdir(), 'hop3-uwsgi-'));
  const paths = createPaths(root);
  const settings: Settings = { ...DEFAULT_SETTINGS, sections: { uwsgi: { binary } } };
  const output: string[] = [];
  const deps: PluginDeps = {
    run,
    render: createRenderer(TEMPLATES_DIR),
    log: createReporter({ write: (chunk: string) => output.push(chunk) }),
    paths,
    settings,
    which: (b) => which(b),
  };
  const deployer = uwsgiDeployer(deps);
  await deployer.prepare?.();
  const service = deployer.services?.()[0];
  if (!service?.pidFile)
    throw new Error('the uwsgi deployer declares no emperor service with a pid file');
  const pidFile = service.pidFile;
  rmSync(pidFile, { force: true });
  const logFile = join(emperorHome(paths), 'emperor.out');
  const started = await spawnDetached(service.command, {
    env: { PATH: SYSTEM_PATH, LANG: 'C.UTF-8', HOME: root },
    cwd: root,
    logFile,
    settleMs: 150,
    readLog: () => readFileSync(logFile, 'utf8'),
  });
  for (let i = 0; i < 100 && !existsSync(pidFile); i++) await sleep(20);
  const pid = Number(existsSync(pidFile) ? readFileSync(pidFile, 'utf8').trim() : started);
  const killOnExit = (): void => {
    if (alive(pid)) process.kill(pid, 'SIGINT');
  };
  process.once('exit', killOnExit);
  const emperorLog = (): string => {
    const file = join(emperorHome(paths), 'emperor.log');
    return existsSync(file) ? readFileSync(file, 'utf8').slice(-4000) : '';
  };
  let stopped = false;
  return {
    home: root,
    paths,
    settings,
    deployer,
    pid,
    output,
    emperorLog,
    async stop() {
      if (stopped) return;
      stopped = true;
      process.removeListener('exit', killOnExit);
      const apps = new Set(
        existsSync(enabledDir(paths))
          ? readdirSync(enabledDir(paths)).map((f) => f.split('.')[0] ?? '')
          : [],
      );
      for (const app of apps) if (app) await deployer.retire(app);
      if (alive(pid)) process.kill(pid, service.stopSignal ?? 'SIGTERM');
      for (let i = 0; i < 250 && alive(pid); i++) await sleep(20);
      if (alive(pid)) process.kill(pid, 'SIGKILL');
      for (const left of processesUnder(root)) process.kill(left, 'SIGKILL');
      if (ownHome) rmSync(root, { recursive: true, force: true });
    },
  };
}
