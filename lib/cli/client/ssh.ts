// Runs ssh as git would (GIT_SSH_COMMAND, core.sshCommand, GIT_SSH, then ssh) with connection sharing.
import { runOnTerminal } from '../../proc/terminal.js';
import { lstatSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { shellQuote, splitShellWords } from '../../domain/shell-words.js';
import { Hop3Error } from '../../errors.js';
import type { RemoteTarget } from './remote-url.js';

/** The ssh program and its own arguments, picked as git picks them; split into words, never run by a shell. */
export function sshProgram(env: NodeJS.ProcessEnv, coreSshCommand?: string): string[] {
  const command = env.GIT_SSH_COMMAND || coreSshCommand;
  if (command) {
    const words = splitShellWords(command);
    if (words.length === 0)
      throw new Hop3Error('E_USAGE', 'GIT_SSH_COMMAND is empty', {
        hint: 'unset GIT_SSH_COMMAND or set it to an ssh command',
      });
    return words;
  }
  return [env.GIT_SSH || 'ssh'];
}

/** True when the program is OpenSSH's client (then -o options are safe to add). */
export function isOpenSsh(program: readonly string[]): boolean {
  return basename(program[0] ?? '') === 'ssh';
}

/** A word quoted for the server, which splits the command line like a shell (without expansion). */
export function quoteWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : shellQuote(word);
}

/** Options for one ssh invocation. */
export interface SshArgvOptions {
  /** Directory of the shared connections' sockets; undefined turns sharing off. */
  controlDir: string | undefined;
  /** Ask for a terminal (`ssh -t`). */
  tty?: boolean;
}

/** The full argv: program, sharing options, port, destination, then the server command as one quoted line. */
export function buildSshArgv(
  program: readonly string[],
  target: RemoteTarget,
  words: readonly string[],
  options: SshArgvOptions,
): string[] {
  const openssh = isOpenSsh(program);
  const sharing =
    openssh && options.controlDir !== undefined
      ? [
          '-o',
          'ControlMaster=auto',
          '-o',
          `ControlPath=${join(options.controlDir, '%C')}`,
          '-o',
          'ControlPersist=60',
        ]
      : [];
  const port = target.port === undefined ? [] : ['-p', String(target.port)];
  const destination = `${target.user === undefined ? '' : `${target.user}@`}${target.host}`;
  return [
    ...program,
    ...sharing,
    ...port,
    ...(options.tty ? ['-t'] : []),
    '--',
    destination,
    words.map(quoteWord).join(' '),
  ];
}

/**
 * The private directory for ssh's control sockets: $XDG_RUNTIME_DIR/hop3-ssh or <tmp>/hop3-ssh-<uid>,
 * created 0700; refused when it is a symlink, not ours, or open to others. HOP3_SSH_SHARING=0 turns sharing off.
 */
export function controlDir(env: NodeJS.ProcessEnv): string | undefined {
  if (env.HOP3_SSH_SHARING === '0') return undefined;
  const uid = process.getuid?.() ?? 0;
  const dir = env.XDG_RUNTIME_DIR
    ? join(env.XDG_RUNTIME_DIR, 'hop3-ssh')
    : join(tmpdir(), `hop3-ssh-${uid}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = lstatSync(dir);
  if (!st.isDirectory() || st.uid !== uid || (st.mode & 0o077) !== 0) {
    throw new Hop3Error(
      'E_NOT_ALLOWED',
      `${dir} is not a private directory of this user: not sharing ssh connections through it`,
      {
        hint: `remove it (rm -r ${dir}) or set HOP3_SSH_SHARING=0`,
      },
    );
  }
  return dir;
}

/** Runs ssh with the terminal's stdin, stdout and stderr; resolves to its exit code (ssh's own failures are 255). */
export async function runSsh(argv: readonly string[], onFirstOutput?: () => void): Promise<number> {
  const [file = 'ssh', ...args] = argv;
  try {
    return await runOnTerminal(file, args, onFirstOutput);
  } catch (error) {
    throw new Hop3Error(
      'E_BINARY_MISSING',
      `cannot run ${file}: ${error instanceof Error ? error.message : String(error)}`,
      {
        hint: 'install an OpenSSH client, or set GIT_SSH_COMMAND',
        cause: error,
      },
    );
  }
}
