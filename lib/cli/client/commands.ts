// Commands the client runs on the developer's machine: completion scripts and adding the hop3 remote.
import { validateAppName } from '../../domain/names.js';
import { Hop3Error } from '../../errors.js';
import { defineCommand, type CommandSpec } from '../spec.js';
import { formatRemoteUrl, parseRemoteUrl } from './remote-url.js';
import { findCheckout } from './rule.js';

/** The client's commands; `all` lists every command (for the completion scripts). */
export const clientCommands = (all: () => readonly CommandSpec[]): CommandSpec[] => [
  defineCommand({
    name: 'completion',
    summary: 'print a shell completion script (bash or zsh)',
    usage: 'bash|zsh',
    description:
      'bash: source <(hop3 completion bash)\nzsh:  source <(hop3 completion zsh)   (after compinit)',
    args: { min: 1, max: 1 },
    client: true,
    localOnly: true,
    async run(ctx, { positionals }) {
      const shell = positionals[0];
      const { bashCompletion, zshCompletion } = await import('./completion.js');
      if (shell === 'bash') ctx.stdout.write(bashCompletion(all()));
      else if (shell === 'zsh') ctx.stdout.write(zshCompletion(all()));
      else
        throw new Hop3Error('E_USAGE', `completion: unknown shell ${JSON.stringify(shell)}`, {
          hint: 'hop3 completion bash (or zsh)',
        });
      return 0;
    },
  }),
  defineCommand({
    name: 'git:remote',
    summary: "point this checkout's hop3 remote at APP on HOST (client)",
    usage: 'APP [HOST] [-r REMOTE]',
    description:
      "HOST is a host name or USER@HOST (user hop3 by default); without HOST, the current remote's server is kept.",
    args: { min: 1, max: 2 },
    options: {
      remote: {
        type: 'string',
        short: 'r',
        description: 'the remote to set (default hop3)',
        valueName: 'REMOTE',
      },
    },
    client: true,
    localOnly: true,
    async run(ctx, { positionals, options }) {
      const app = validateAppName(positionals[0] ?? '');
      const name = typeof options.remote === 'string' ? options.remote : 'hop3';
      const dir = findCheckout(process.cwd());
      if (!dir)
        throw new Hop3Error(
          'E_NO_REMOTE',
          `${process.cwd()} is not in a git checkout: run git:remote inside the app's checkout`,
        );
      const { readCheckout, setRemote } = await import('../../proc/git.js');
      const info = await readCheckout(dir);
      const current = info.remotes.get(name);
      let url: string;
      if (positionals[1] !== undefined) url = formatRemoteUrl(positionals[1], app);
      else if (current !== undefined) {
        const t = parseRemoteUrl(current);
        url =
          t.port === undefined
            ? formatRemoteUrl(`${t.user ?? 'hop3'}@${t.host}`, app)
            : `ssh://${t.user ?? 'hop3'}@${t.host.includes(':') ? `[${t.host}]` : t.host}:${t.port}/${app}`;
      } else
        throw new Hop3Error('E_USAGE', `git:remote: no "${name}" remote yet, so HOST is needed`, {
          hint: `hop3 git:remote ${app} HOST`,
        });
      const done = await setRemote(dir, name, url);
      ctx.print(`${done === 'added' ? 'Added' : 'Updated'} git remote ${name} → ${url}`);
      ctx.print(`Deploy with: git push ${name} ${info.branch ?? 'main'}`);
      return 0;
    },
  }),
];
