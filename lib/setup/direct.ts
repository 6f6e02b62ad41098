// Resident services without systemd (containers, CI): started detached as the hop3 user, tracked by a state file.
import { chownSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { argvMatches, processArgv, stopProcess } from '../proc/pids.js';
import { SYSTEM_PATH } from '../proc/run.js';
import { spawnDetached } from '../proc/spawn-detached.js';
import type { ServiceSpec } from '../sdk.js';
import type { SetupContext } from './context.js';
import { writeHostFile } from './host-files.js';
import { serviceLogDir, serviceStateDir } from './layout.js';
import { checkSignal } from './systemd.js';

/** What setup remembers about a service it started. */
export interface ServiceState {
  pid: number;
  command: string[];
  /** The installed hop3 when it was started. */
  stamp: string;
  startedAt: string;
}

function readState(file: string): ServiceState | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<ServiceState>;
    return typeof parsed.pid === 'number' &&
      Array.isArray(parsed.command) &&
      typeof parsed.stamp === 'string'
      ? (parsed as ServiceState)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Pids of live processes running `command` (found by scanning /proc when the state file is lost). */
function findRunning(command: readonly string[]): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => {
      const argv = processArgv(pid);
      return argv !== undefined && argvMatches(argv, command);
    });
}

const sameCommand = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((w, i) => w === b[i]);

/** Why a running service must restart, or undefined when it is current. */
function restartReason(
  state: ServiceState | undefined,
  spec: ServiceSpec,
  stamp: string,
): string | undefined {
  if (!state) return 'started before setup kept track of it';
  if (!sameCommand(state.command, spec.command)) return 'its command changed';
  if (state.stamp !== stamp) return `hop3 changed (${state.stamp} -> ${stamp})`;
  return undefined;
}

/** Starts the service unless it already runs current; restarts it when its command or hop3 changed. */
export async function ensureDirectService(
  ctx: SetupContext,
  spec: ServiceSpec,
  stamp: string,
): Promise<void> {
  const stateFile = join(serviceStateDir(ctx.paths), `${spec.name}.json`);
  const state = readState(stateFile);
  const tracked =
    state && argvMatches(processArgv(state.pid) ?? [], state.command) ? [state.pid] : [];
  const running = [...new Set([...tracked, ...findRunning(spec.command)])];
  if (running.length > 0) {
    const why = restartReason(tracked.length > 0 ? state : undefined, spec, stamp);
    if (why === undefined && running.length === 1) {
      ctx.log.info(`${spec.name}: ok (running, pid ${running[0] ?? '?'})`);
      return;
    }
    ctx.log.info(`${spec.name}: restarting (${why ?? 'more than one copy runs'})`);
    for (const pid of running) await stopProcess(pid, checkSignal(spec.stopSignal, spec.name));
  }
  const logFile = join(serviceLogDir(ctx.paths), `${spec.name}.log`);
  if (!existsSync(logFile)) writeFileSync(logFile, '', { mode: 0o640 });
  chownSync(logFile, ctx.user.uid, ctx.user.gid);
  // Root starts a service as hop3 through setpriv (with hop3's groups, so it reads through hop3-read);
  // only a service that asks to stay root (the tyrant emperor) does.
  const asHop3 = process.getuid?.() === 0 && spec.asRoot !== true && ctx.user.uid !== 0;
  const command = asHop3
    ? [
        '/usr/bin/setpriv',
        '--reuid',
        String(ctx.user.uid),
        '--regid',
        String(ctx.user.gid),
        '--init-groups',
        ...spec.command,
      ]
    : spec.command;
  const pid = await spawnDetached(command, {
    cwd: ctx.paths.home,
    env: {
      PATH: SYSTEM_PATH,
      LANG: 'C.UTF-8',
      HOME: ctx.user.home,
      USER: ctx.user.name,
      LOGNAME: ctx.user.name,
      HOP3_HOME: ctx.paths.home,
    },
    logFile,

    readLog: () => readFileSync(logFile, 'utf8'),
  });
  const next: ServiceState = {
    pid,
    command: [...spec.command],
    stamp,
    startedAt: new Date().toISOString(),
  };
  await writeHostFile(stateFile, `${JSON.stringify(next, null, 2)}\n`, {
    mode: 0o644,
    owner: ctx.user,
  });
  ctx.changes.push(`${spec.name} started`);
  ctx.log.info(`${spec.name}: started (pid ${pid}, log ${logFile})`);
}
