// The ssh forced command, parsed: SSH_ORIGINAL_COMMAND split into words (no shell), and what to run for it:
// git on an app's repository, or a hop3 command line. Pure: it runs nothing and imports no command.
import { validateAppName } from '../domain/names.js';
import { splitShellWords } from '../domain/shell-words.js';
import { Hop3Error } from '../errors.js';

/** What an ssh session asked for. */
export type SshRequest =
  | { kind: 'git'; service: 'receive-pack' | 'upload-pack'; app: string }
  | { kind: 'hop3'; argv: string[] };

const GIT_SERVICES: Record<string, 'receive-pack' | 'upload-pack'> = {
  'git-receive-pack': 'receive-pack',
  'git-upload-pack': 'upload-pack',
};

/** The app name from git's repository argument ('/app', 'app', 'app.git'). */
export function repoArgToApp(arg: string): string {
  return validateAppName(
    arg
      .replace(/^\/+/, '')
      .replace(/\.git$/, '')
      .replace(/\/+$/, ''),
  );
}

/** What to run for an ssh session's command (no command: `help`). */
export function parseSshCommand(original: string | undefined): SshRequest {
  const [command = 'help', ...rest] = splitShellWords(original ?? '');
  const service = GIT_SERVICES[command];
  if (!service) return { kind: 'hop3', argv: [command, ...rest] };
  if (rest.length !== 1) throw new Hop3Error('E_USAGE', `${command} takes one repository argument`);
  return { kind: 'git', service, app: repoArgToApp(rest[0] ?? '') };
}
