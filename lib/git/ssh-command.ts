// The ssh forced command: splits SSH_ORIGINAL_COMMAND into words (no shell), then runs git or a hop3 command.
// Kept light: a command such as config:get must not load git or process-spawning modules.
import { scopeOf } from '../access/resolve.js';
import { requireAppAccess } from '../access/rules.js';
import type { CommandContext } from '../cli/context.js';
import { validateAppName } from '../domain/names.js';
import { splitShellWords } from '../domain/shell-words.js';
import { Hop3Error } from '../errors.js';

const GIT_SERVICES: Record<string, 'receive-pack' | 'upload-pack'> = {
  'git-receive-pack': 'receive-pack',
  'git-upload-pack': 'upload-pack',
};

/** The app name from git's repository argument ('/app', 'app', 'app.git'). */
export function repoArgToApp(arg: string): string {
  return validateAppName(arg.replace(/^\/+/, '').replace(/\.git$/, '').replace(/\/+$/, ''));
}

/** Handles one ssh session's command and returns the exit code. */
export async function runSshCommand(ctx: CommandContext, original: string | undefined, keyName: string): Promise<number> {
  const [command = 'help', ...rest] = splitShellWords(original ?? '');
  const service = GIT_SERVICES[command];
  if (service) {
    if (rest.length !== 1) throw new Hop3Error('E_USAGE', `${command} takes one repository argument`);
    const app = repoArgToApp(rest[0] ?? '');
    // Before anything touches the repository: a limited key pushes to and fetches from its own apps only.
    requireAppAccess(scopeOf(ctx.state(), { kind: 'key', name: keyName }), app);
    const { serveGitOverSsh } = await import('./ssh-git.js');
    return serveGitOverSsh(ctx, service, app, keyName);
  }
  const { main } = await import('../cli/main.js');
  return main([command, ...rest], { stdout: ctx.stdout, stderr: ctx.stderr, via: 'ssh', user: keyName, env: { HOP3_HOME: ctx.paths.home } });
}
