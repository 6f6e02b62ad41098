// The ssh forced command: splits SSH_ORIGINAL_COMMAND into words (no shell), then runs git or a hop3 command.
import { existsSync } from 'node:fs';
import type { CommandContext } from '../cli/context.js';
import { validateAppName } from '../domain/names.js';
import { splitShellWords } from '../domain/shell-words.js';
import { Hop3Error } from '../errors.js';
import { runAttached } from '../proc/run.js';
import { ensureRepo } from './repos.js';

const GIT_SERVICES = new Set(['git-receive-pack', 'git-upload-pack']);

/** The app name from git's repository argument ('/app', 'app', 'app.git'). */
export function repoArgToApp(arg: string): string {
  return validateAppName(arg.replace(/^\/+/, '').replace(/\.git$/, '').replace(/\/+$/, ''));
}

/** Handles one ssh session's command and returns the exit code. */
export async function runSshCommand(ctx: CommandContext, original: string | undefined, keyName: string): Promise<number> {
  const words = splitShellWords(original ?? '');
  const [command = 'help', ...rest] = words;
  if (GIT_SERVICES.has(command)) {
    if (rest.length !== 1) throw new Hop3Error('E_USAGE', `${command} takes one repository argument`);
    const app = repoArgToApp(rest[0] ?? '');
    const repo = ctx.paths.repo(app);
    if (command === 'git-receive-pack') {
      ctx.state().apps.ensure(app);
      await ensureRepo(ctx.paths, ctx.settings(), app);
    } else if (!existsSync(repo)) {
      throw new Hop3Error('E_APP_NOT_FOUND', `app "${app}" does not exist`, { hint: 'push to it first' });
    }
    ctx.close();
    return runAttached('git', [command.slice(4), repo], {
      HOME: ctx.paths.home,
      HOP3_HOME: ctx.paths.home,
      HOP3_PUSHER: keyName,
      LANG: 'C.UTF-8',
    });
  }
  const { main } = await import('../cli/main.js');
  return main([command, ...rest], { stdout: ctx.stdout, stderr: ctx.stderr, via: 'ssh', user: keyName, env: { HOP3_HOME: ctx.paths.home } });
}
