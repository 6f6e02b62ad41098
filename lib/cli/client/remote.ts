// Sends one command line to the server of the checkout's hop3 remote over ssh, with the app inserted.
import { validateAppName } from '../../domain/names.js';
import { Hop3Error } from '../../errors.js';
import type { CommandSpec } from '../spec.js';
import { appSlot, insertApp } from './app-arg.js';
import { readCheckout } from '../../proc/git.js';
import { parseRemoteUrl, type RemoteTarget } from './remote-url.js';
import type { ClientFlags } from './rule.js';
import { findCheckout } from './rule.js';
import { buildSshArgv, controlDir, runSsh, sshProgram } from './ssh.js';

/** What the client resolved: the server, the app and the words sent. */
export interface ResolvedRemote {
  remote: string;
  target: RemoteTarget;
  app: string;
  words: string[];
  sshCommand: string | undefined;
}

const LOOKUP_HINT = 'hop3 --remote-help explains how the server and app are found';

/** Finds the remote, the app and the server command for a command line run in `cwd`. */
export async function resolveRemote(
  argv: readonly string[],
  flags: ClientFlags,
  cwd: string,
  find: (name: string) => CommandSpec | undefined,
): Promise<ResolvedRemote> {
  const remote = flags.remote ?? 'hop3';
  const dir = findCheckout(cwd);
  if (!dir)
    throw new Hop3Error(
      'E_NO_REMOTE',
      `not in a git checkout, so there is no "${remote}" remote to send the command to: cd into the app's checkout`,
      { hint: LOOKUP_HINT },
    );
  const info = await readCheckout(dir);
  const url = info.remotes.get(remote);
  if (url === undefined) {
    throw new Hop3Error(
      'E_NO_REMOTE',
      `no git remote named "${remote}" in ${dir}: add it with hop3 git:remote APP HOST`,
    );
  }
  const target = parseRemoteUrl(url);
  const app = flags.app === undefined ? target.app : validateAppName(flags.app);
  const [name = 'help', ...rest] = argv;
  const spec = find(name);
  let words = [name, ...rest];
  if (spec) {
    const slot = appSlot(spec);
    if (slot.kind === 'positional') words = [name, ...insertApp(spec, rest, app)];
    else if (
      slot.kind === 'option' &&
      flags.app !== undefined &&
      !rest.some((a) => a === '--app' || a.startsWith('--app='))
    )
      words = [name, ...insertApp(spec, rest, app)];
    else if (slot.kind === 'none' && flags.app !== undefined)
      throw new Hop3Error('E_USAGE', `${name} takes no app: drop -a ${flags.app}`);
  }
  return { remote, target, app, words, sshCommand: info.sshCommand };
}

/** Commands that restart or build, where a spinner shows something is happening until the server speaks. */
const LONG_COMMANDS = new Set([
  'deploy',
  'restart',
  'start',
  'stop',
  'rollback',
  'config:set',
  'config:unset',
  'ps:scale',
  'addons:create',
  'addons:attach',
  'addons:detach',
]);

/** `run -t` (before `--`) asks the server for a terminal, so ssh must allocate one (`ssh -t`). */
export function wantsTty(words: readonly string[]): boolean {
  const end = words.indexOf('--');
  const options = end < 0 ? words : words.slice(0, end);
  return words[0] === 'run' && options.some((w) => w === '-t' || w === '--tty');
}

/** Runs the command on the server and returns its exit code (255 when ssh itself failed). */
export async function runRemote(resolved: ResolvedRemote, env: NodeJS.ProcessEnv): Promise<number> {
  const command = resolved.words[0] ?? '';
  const argv = buildSshArgv(sshProgram(env, resolved.sshCommand), resolved.target, resolved.words, {
    controlDir: controlDir(env),
    tty: wantsTty(resolved.words),
  });
  const { startProgress } = await import('../../output/progress.js');
  const stop = LONG_COMMANDS.has(command)
    ? await startProgress(`${command} ${resolved.app} on ${resolved.target.host}`, env)
    : undefined;
  try {
    return await runSsh(argv, stop);
  } finally {
    stop?.();
  }
}

/** The text of `hop3 --remote-help`. */
export const REMOTE_HELP = `How hop3 finds the server and the app (first match wins):

  --local, or HOP3_CLIENT=local        run the local CLI (on the server)
  help, completion, git:remote, and    always run here
  host commands (setup, ssh-keys:*...)
  -r REMOTE, -a APP, HOP3_CLIENT=remote  send the command to a server (see below)
  on the server                        run the local CLI: HOP3_HOME is set, or root or hop3
                                       runs it on a host with /home/hop3/settings.json
  inside a git checkout                send the command to the server of its "hop3" remote
  anywhere else                        run the local CLI

Sending: the git remote "hop3" (or -r REMOTE) of the checkout you are in names the server and the
app: hop3@HOST:APP or ssh://hop3@HOST:PORT/APP. The app goes where the command takes it, so
"hop3 config:set K=V" runs "config:set APP K=V" on HOST; -a OTHER names another app on the same
server. ssh runs as git runs it (GIT_SSH_COMMAND, core.sshCommand, GIT_SSH, your ~/.ssh/config),
and shares one connection for 60 s (HOP3_SSH_SHARING=0 turns that off).

No remote yet? In the app's checkout: hop3 git:remote APP HOST
`;
