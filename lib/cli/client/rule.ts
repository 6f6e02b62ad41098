// The rule that decides whether `hop3 ...` runs here (the server's CLI) or is sent to a hop3 remote over ssh.
import { existsSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { Hop3Error } from '../../errors.js';
import { DEFAULT_HOME } from '../../paths.js';
import type { CommandSpec } from '../spec.js';

/** The client's own flags, taken out of the command line before it is run or sent. */
export interface ClientFlags {
  app?: string;
  remote?: string;
  local: boolean;
  remoteHelp: boolean;
}

/** Where a command line runs: here, or on the server of a git remote. */
export type Mode = 'local' | 'remote';

const VALUE_FLAGS: Record<string, 'app' | 'remote'> = {
  '-a': 'app',
  '--app': 'app',
  '-r': 'remote',
  '--remote': 'remote',
};

function declares(spec: CommandSpec | undefined, flag: string): boolean {
  const options = Object.entries(spec?.options ?? {});
  return options.some(
    ([name, o]) => flag === `--${name}` || (o.short !== undefined && flag === `-${o.short}`),
  );
}

/**
 * Splits the client's flags (`-a APP`, `-r REMOTE`, `--local`, `--remote-help`) from the command line.
 * They may come before the command or after it, unless the command declares the same option itself
 * (`addons:create --app`); nothing after `--` is looked at.
 */
export function takeClientFlags(
  argv: readonly string[],
  find: (name: string) => CommandSpec | undefined,
): { flags: ClientFlags; argv: string[] } {
  const flags: ClientFlags = { local: false, remoteHelp: false };
  const rest: string[] = [];
  let spec: CommandSpec | undefined;
  let command: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    const [flag = '', inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const key = VALUE_FLAGS[flag];
    if (key && !(command !== undefined && declares(spec, flag))) {
      const value = inline ?? argv[++i];
      if (value === undefined || value === '')
        throw new Hop3Error('E_USAGE', `${flag} needs a value`, {
          hint: `hop3 ${flag} ${key.toUpperCase()} COMMAND ...`,
        });
      flags[key] = value;
    } else if (arg === '--local' && !declares(spec, arg)) flags.local = true;
    else if (arg === '--remote-help' && command === undefined) flags.remoteHelp = true;
    else {
      if (command === undefined && !arg.startsWith('-')) {
        command = arg;
        spec = find(arg);
      }
      rest.push(arg);
    }
  }
  return { flags, argv: rest };
}

/** True on a hop3 server: HOP3_HOME is set, or root or hop3 runs it on a host with an installed settings.json. */
export function isServerSide(
  env: NodeJS.ProcessEnv,
  user = currentUser(),
  exists: (path: string) => boolean = existsSync,
): boolean {
  if (env.HOP3_HOME !== undefined && env.HOP3_HOME !== '') return true;
  return (user === 'root' || user === 'hop3') && exists(join(DEFAULT_HOME, 'settings.json'));
}

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return '';
  }
}

/** The top of the git checkout containing `cwd` (a `.git` directory or file), if any. */
export function findCheckout(
  cwd: string,
  exists: (path: string) => boolean = (p) =>
    existsSync(p) && (statSync(p).isDirectory() || statSync(p).isFile()),
): string | undefined {
  for (let dir = cwd; ; dir = dirname(dir)) {
    if (exists(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/** What the rule looks at, gathered by the caller (so the rule itself is a pure function). */
export interface RuleInput {
  flags: ClientFlags;
  /** HOP3_CLIENT: "local" or "remote" forces the mode. */
  forced: string | undefined;
  /** The command is run by the client itself or is server plumbing (completion, git:remote, git-hook...). */
  alwaysLocal: boolean;
  serverSide: boolean;
  inCheckout: boolean;
}

/**
 * The rule, first match wins: `--local` or HOP3_CLIENT=local → local; plumbing and client commands →
 * local; `-r`, `-a`, `--remote-help` or HOP3_CLIENT=remote → remote; on the server (isServerSide) →
 * local; inside a git checkout → remote (its `hop3` remote, or an error with the fix); elsewhere → local.
 */
export function decideMode(input: RuleInput): Mode {
  if (input.flags.local || input.forced === 'local') return 'local';
  if (input.alwaysLocal) return 'local';
  if (
    input.flags.remote !== undefined ||
    input.flags.app !== undefined ||
    input.flags.remoteHelp ||
    input.forced === 'remote'
  )
    return 'remote';
  if (input.serverSide) return 'local';
  return input.inCheckout ? 'remote' : 'local';
}
