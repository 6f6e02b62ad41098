// AppSandbox: runs commands, file operations and signals as an app's own unix user (through sudo), or
// directly as the hop3 user when the host has no app users (settings.isolation "none", e.g. tests).
import { join } from 'node:path';
import { appUserName } from '../domain/app-user.js';
import { Hop3Error, isHop3Error } from '../errors.js';
import { INSTALL_ROOT } from '../install-root.js';
import type { Paths } from '../paths.js';
import type { RunCommand } from '../proc/run.js';
import type { Settings } from '../settings.js';
import { applyFileOps, type FileOp } from './file-ops.js';

export type { FileOp } from './file-ops.js';

/** What hop3 may do in the name of one app. */
export interface AppSandbox {
  app: string;
  /** The unix user the app runs as, or undefined when apps run as hop3 (isolation "none"). */
  user: string | undefined;
  /** HOME of the app's commands and processes. */
  home: string;
  /** Runs a command as the app (HOME and TMPDIR are the app's own when isolated). */
  run: RunCommand;
  /** Writes, creates or removes files inside apps/<app> as the app. */
  files(ops: readonly FileOp[]): Promise<void>;
  /** Sends a signal to one of the app's processes (a process already gone is not an error). */
  signal(pid: number, signal: NodeJS.Signals): Promise<void>;
}

/** The sudo binary (absolute: sudoers rules name it by path). */
export const SUDO = '/usr/bin/sudo';

/** The compiled entry the app user runs to apply file operations. */
export const FILE_OPS_MAIN = join(INSTALL_ROOT, 'dist', 'lib', 'identity', 'file-ops-main.js');

/** The app's private home directory (apps/<app>/home) and its temporary directory. */
export function appHome(paths: Paths, app: string): { home: string; tmp: string } {
  const home = join(paths.app(app), 'home');
  return { home, tmp: join(home, 'tmp') };
}

function directSandbox(paths: Paths, app: string, run: RunCommand): AppSandbox {
  return {
    app,
    user: undefined,
    home: paths.home,
    run,
    files(ops) {
      applyFileOps(paths.app(app), ops);
      return Promise.resolve();
    },
    signal(pid, signal) {
      try {
        process.kill(pid, signal);
      } catch {
        // already gone
      }
      return Promise.resolve();
    },
  };
}

/** Names the command, not sudo, in a failure (the output lines stay as they were). */
function asCommand(error: unknown, file: string): unknown {
  if (!isHop3Error(error) || error.code !== 'E_COMMAND_FAILED' || !error.message.startsWith(SUDO))
    return error;
  return new Hop3Error('E_COMMAND_FAILED', `${file}${error.message.slice(SUDO.length)}`, {
    ...(error.details === undefined ? {} : { details: error.details }),
    cause: error.cause,
  });
}

function sudoSandbox(paths: Paths, app: string, run: RunCommand): AppSandbox {
  const user = appUserName(app);
  const { home, tmp } = appHome(paths, app);
  const as = ['-n', '-u', user, '--'];
  return {
    app,
    user,
    home,
    async run(file, args, options = {}) {
      const env = {
        PATH: '/usr/local/bin:/usr/bin:/bin',
        LANG: 'C.UTF-8',
        ...options.env,
        HOME: home,
        TMPDIR: tmp,
      };
      try {
        return await run(SUDO, ['-n', '-E', '-u', user, '--', file, ...args], { ...options, env });
      } catch (error) {
        throw asCommand(error, file);
      }
    },
    async files(ops) {
      if (ops.length === 0) return;
      const result = await run(SUDO, [...as, process.execPath, FILE_OPS_MAIN], {
        input: JSON.stringify({ root: paths.app(app), ops }),
        reject: false,
        timeoutMs: 60_000,
      });
      if (result.exitCode !== 0) {
        throw new Hop3Error(
          'E_COMMAND_FAILED',
          `file operation as ${user} failed: ${result.all.trim().split('\n').pop() ?? ''}`,
        );
      }
    },
    async signal(pid, signal) {
      await run(SUDO, [...as, '/bin/kill', '-s', signal.replace(/^SIG/, ''), String(pid)], {
        reject: false,
        timeoutMs: 10_000,
      });
    },
  };
}

/** The sandbox of one app under the host's isolation setting. */
export function createSandbox(
  paths: Paths,
  settings: Pick<Settings, 'isolation'>,
  app: string,
  run: RunCommand,
): AppSandbox {
  return settings.isolation === 'app-users'
    ? sudoSandbox(paths, app, run)
    : directSandbox(paths, app, run);
}
