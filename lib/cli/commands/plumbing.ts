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
    options: { key: { type: 'string', valueName: 'NAME', description: 'name of the ssh key that logged in' } },
    async run(ctx, { options }) {
      const { runSshCommand } = await import('../../git/ssh-command.js');
      const key = typeof options.key === 'string' ? options.key : 'ssh';
      return runSshCommand(ctx, ctx.env.SSH_ORIGINAL_COMMAND, key);
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
      const { servicesFrom } = await import('../../pipeline/services.js');
      const input = readFileSync(0, 'utf8');
      await handlePreReceive(await servicesFrom(ctx), positionals[0] ?? '', input, {
        pushedBy: ctx.env.HOP3_PUSHER ?? 'unknown',
        out: ctx.stdout,
      });
      return 0;
    },
  }),
  defineCommand({
    name: 'reap',
    summary: 'watch an app deploy or restart and clean up after it if its process is killed (started by hop3)',
    usage: 'APP',
    internal: true,
    args: { min: 1, max: 1 },
    async run(ctx, { positionals }) {
      const { validateAppName } = await import('../../domain/names.js');
      const { reap } = await import('../../pipeline/reaper.js');
      const { servicesFrom } = await import('../../pipeline/services.js');
      await reap(ctx.paths, validateAppName(positionals[0] ?? ''), () => servicesFrom(ctx));
      return 0;
    },
  }),
  defineCommand({
    name: 'git-http',
    summary: 'serve git push over HTTP with token authentication (resident)',
    usage: '[--port PORT]',
    internal: true,
    args: { min: 0, max: 0 },
    options: { port: { type: 'string', valueName: 'PORT', description: 'listen port (default: settings gitHttpPort)' } },
    async run(ctx, { options }) {
      const { serveGitHttp } = await import('../../git/http-server.js');
      const port = options.port === undefined ? ctx.settings().gitHttpPort : Number(options.port);
      await serveGitHttp(ctx, port);
      return 0;
    },
  }),
];
