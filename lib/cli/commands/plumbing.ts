// Plumbing called by sshd, git and the service manager: ssh-command, git-hook, git-http.
import { readFileSync } from 'node:fs';
import { defineCommand } from '../spec.js';

export const plumbingCommands = [
  defineCommand({
    name: 'ssh-command',
    summary: 'run the command an ssh client asked for (the authorized_keys forced command)',
    usage: '[--key NAME]',
    internal: true,
    args: { min: 0, max: 0 },
    options: {
      key: { type: 'string', valueName: 'NAME', description: 'name of the ssh key that logged in' },
    },
    async run(ctx, { options }) {
      const { parseSshCommand } = await import('../../git/ssh-command.js');
      const key = typeof options.key === 'string' ? options.key : 'ssh';
      const request = parseSshCommand(ctx.env.SSH_ORIGINAL_COMMAND);
      if (request.kind === 'hop3') return ctx.dispatch(request.argv, { via: 'ssh', user: key });
      // Before anything touches the repository: a limited key pushes to and fetches from its own apps only.
      const { scopeOf } = await import('../../access/resolve.js');
      const { requireAppAccess } = await import('../../access/rules.js');
      requireAppAccess(scopeOf(ctx.state(), { kind: 'key', name: key }), request.app);
      const { serveGitOverSsh } = await import('../../git/ssh-git.js');
      const session = {
        paths: ctx.paths,
        settings: () => ctx.settings(),
        state: () => ctx.state(),
        close: () => ctx.close(),
      };
      return serveGitOverSsh(session, request.service, request.app, key);
    },
  }),
  defineCommand({
    name: 'git-hook',
    summary: 'pre-receive hook: deploy the pushed deploy branch, refuse other refs',
    usage: 'APP',
    internal: true,
    args: { min: 1, max: 1 },
    async run(ctx, { positionals }) {
      const { handlePreReceive } = await import('../../git/hook.js');
      const input = readFileSync(0, 'utf8');
      await handlePreReceive(await ctx.services(), positionals[0] ?? '', input, {
        pushedBy: ctx.env.HOP3_PUSHER ?? 'unknown',
        out: ctx.stdout,
      });
      return 0;
    },
  }),
  defineCommand({
    name: 'reap',
    summary:
      'watch an app deploy or restart and clean up after it if its process is killed (started by hop3)',
    usage: 'APP',
    internal: true,
    args: { min: 1, max: 1 },
    async run(ctx, { positionals }) {
      const { validateAppName } = await import('../../domain/names.js');
      const { reap } = await import('../../pipeline/reaper.js');
      await reap(ctx.paths, validateAppName(positionals[0] ?? ''), () => ctx.services());
      return 0;
    },
  }),
  defineCommand({
    name: 'git-http',
    summary: 'serve git push over HTTP with token authentication (resident)',
    usage: '[--port PORT]',
    internal: true,
    args: { min: 0, max: 0 },
    options: {
      port: {
        type: 'string',
        valueName: 'PORT',
        description: 'listen port (default: settings gitHttpPort)',
      },
    },
    async run(ctx, { options }) {
      const { serveGitHttp } = await import('../../git/http-server.js');
      const port = options.port === undefined ? ctx.settings().gitHttpPort : Number(options.port);
      await serveGitHttp(
        {
          paths: ctx.paths,
          settings: () => ctx.settings(),
          state: () => ctx.state(),
          stderr: ctx.stderr,
        },
        port,
      );
      return 0;
    },
  }),
];
