// apps, apps:create, apps:destroy.
import { visibleApps } from '../../access/rules.js';
import { validateAppName } from '../../domain/names.js';
import { defineCommand } from '../spec.js';
import { formatTable } from '../table.js';
import { defaultHost, requireApp, requireConfirmation } from './shared.js';

export const appsCommands = [
  defineCommand({
    name: 'apps',
    summary: 'list apps with their release, state and URL',
    usage: '',
    args: { min: 0, max: 0 },
    access: 'any',
    options: { json: { type: 'boolean', description: 'print JSON' } },
    run(ctx, { options }) {
      const scope = ctx.scope();
      const apps = visibleApps(scope, ctx.state().apps.list(), (a) => a.name);
      const domain = ctx.settings().domain;
      const rows = apps.map((a) => ({
        name: a.name,
        release: a.currentRelease === null ? null : `v${a.currentRelease}`,
        state: a.currentRelease === null ? 'not deployed' : a.stopped ? 'stopped' : 'running',
        url: `http://${defaultHost(a.name, domain)}/`,
      }));
      if (options.json) ctx.print(JSON.stringify(rows, null, 2));
      else if (rows.length === 0) ctx.print('No apps yet. Push one: git push hop3@<host>:<app> main');
      else formatTable(['APP', 'RELEASE', 'STATE', 'URL'], rows.map((r) => [r.name, r.release ?? '-', r.state, r.url])).forEach((l) => ctx.print(l));
      return 0;
    },
  }),
  defineCommand({
    name: 'apps:create',
    summary: 'create an app (a push creates it too)',
    usage: 'APP',
    args: { min: 1, max: 1 },
    async run(ctx, { positionals }) {
      const name = validateAppName(positionals[0] ?? '');
      const { ensureRepo } = await import('../../git/repos.js');
      const { ensureAppIdentity } = await import('../../identity/ensure.js');
      const { run } = await import('../../proc/run.js');
      ctx.state().apps.create(name);
      await ensureRepo(ctx.paths, ctx.settings(), name);
      await ensureAppIdentity(run, ctx.paths, ctx.settings(), name);
      ctx.print(`Created ${name}. Deploy it with:`);
      ctx.print(`  git remote add hop3 hop3@<host>:${name} && git push hop3 main`);
      return 0;
    },
  }),
  defineCommand({
    name: 'apps:destroy',
    summary: 'stop an app and delete its code, releases and settings (data kept unless --purge)',
    usage: 'APP --confirm APP [--purge]',
    args: { min: 1, max: 1 },
    options: {
      confirm: { type: 'string', valueName: 'APP', description: 'repeat the app name to confirm' },
      purge: { type: 'boolean', description: 'also delete the data directory (DATA_DIR)' },
    },
    async run(ctx, { positionals, options }) {
      const app = requireApp(ctx, positionals[0]);
      requireConfirmation('apps:destroy', app.name, options.confirm);
      const { destroyApp } = await import('../../pipeline/destroy.js');
      const { servicesFrom } = await import('../../pipeline/services.js');
      await destroyApp(await servicesFrom(ctx), app.name, { purge: options.purge === true, log: ctx.reporter });
      return 0;
    },
  }),
];
