// Unexpected errors met by remote users (ssh, pushes): they see a short id, the administrator finds the
// stack under that id in $HOP3_HOME/logs/errors.log (0600), so no stack or server path reaches the client.
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { inspect } from 'node:util';

/** Who met the error, for the log line (the command's name only: its arguments may hold secrets). */
export interface ErrorOrigin {
  command: string;
  via: string;
  user: string;
}

/** Who a remote command runs for: the ssh key (`ssh-command --key NAME`), the pusher (hooks), or the inner ssh command's user. */
export function remoteOrigin(
  name: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  options: { via?: string | undefined; user?: string | undefined },
): ErrorOrigin {
  if (name === 'ssh-command') {
    const key = args[args.indexOf('--key') + 1];
    const command = env.SSH_ORIGINAL_COMMAND?.trim().split(/\s+/)[0] ?? 'help';
    return { command, via: 'ssh', user: args.includes('--key') && key ? key : 'ssh' };
  }
  if (name === 'git-hook')
    return { command: name, via: 'push', user: env.HOP3_PUSHER ?? 'unknown' };
  return { command: name, via: options.via ?? 'local', user: options.user ?? env.USER ?? 'local' };
}

/** Appends the error to the log under a fresh id and returns the id; undefined when the log cannot be written. */
export function logInternalError(
  file: string,
  error: unknown,
  origin: ErrorOrigin,
): string | undefined {
  const id = randomBytes(4).toString('hex');
  const head = `${new Date().toISOString()} id=${id} via=${origin.via} user=${origin.user} command=${JSON.stringify(origin.command)}`;
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    appendFileSync(file, `${head}\n${inspect(error, { depth: 4 })}\n\n`, { mode: 0o600 });
    return id;
  } catch {
    return undefined;
  }
}
