// apps, apps:create, apps:destroy.
import { visibleApps } from '../../access/rules.js';
import { validateAppName } from '../../domain/names.js';
import { defineCommand } from '../spec.js';
import type { CommandContext } from '../context.js';
import type { AppRow } from '../json-shapes.js';
import { printShape } from '../print-json.js';
import { formatTable } from '../../output/table.js';
import { defaultHost, domainRows, requireApp, requireConfirmation } from './shared.js';
import { appEvent } from '../record-event.js';

/** The listing row of an app (`apps`, and the head of `apps:info`). */
function appRowOf(
  ctx: CommandContext,
  a: { name: string; currentRelease: number | null; stopped: boolean },
): AppRow {
  return {
    name: a.name,
    release: a.currentRelease === null ? null : `v${a.currentRelease}`,
    state: a.currentRelease === null ? 'not deployed' : a.stopped ? 'stopped' : 'running',
    url: `http://${defaultHost(a.name, ctx.settings().domain)}/`,
  };
}

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
      const rows = apps.map((a) => appRowOf(ctx, a));
      if (options.json) printShape((l) => ctx.print(l), 'appsShape', rows);
      else if (rows.length === 0)
        ctx.print('No apps yet. Push one: git push hop3@<host>:<app> main');
      else
        formatTable(
          ['APP', 'RELEASE', 'STATE', 'URL'],
          rows.map((r) => [r.name, r.release ?? '-', r.state, r.url]),
        ).forEach((l) => ctx.print(l));
      return 0;
    },
  }),
  defineCommand({
    name: 'apps:info',
    summary: 'show one app: release, processes, domains, addons, disk use, last deploy',
    usage: 'APP [--json]',
    args: { min: 1, max: 1 },
    access: 'app',
    options: { json: { type: 'boolean', description: 'print JSON' } },
    async run(ctx, { positionals, options }) {
      const app = requireApp(ctx, positionals[0]);
      const state = ctx.state();
      const { appStatus } = await import('../../pipeline/restart.js');
      const { diskUsage } = await import('../../disk-usage.js');
      const current =
        app.currentRelease === null ? undefined : state.releases.find(app.id, app.currentRelease);
      const info = {
        ...appRowOf(ctx, app),
        lastDeploy: current ? (current.finishedAt ?? current.createdAt) : null,
        processes: await appStatus(await ctx.services(), app.name),
        domains: domainRows(ctx, app),
        addons: state.addons
          .attachments({ appId: app.id })
          .map((a) => ({ name: a.addon, prefix: a.prefix, attachedAt: a.attachedAt })),
        diskBytes: diskUsage(ctx.paths.app(app.name)),
      };
      if (options.json) {
        printShape((l) => ctx.print(l), 'appInfoShape', info);
        return 0;
      }
      ctx.print(`=== ${app.name}`);
      const lines: [string, string][] = [
        ['Release', info.release ?? '-'],
        ['State', info.state],
        ['URL', info.url],
        [
          'Last deploy',
          info.lastDeploy ? `${info.lastDeploy.replace('T', ' ').slice(0, 19)} UTC` : '-',
        ],
        [
          'Processes',
          info.processes.map((p) => `${p.process}.${p.index} ${p.state}`).join(', ') || '-',
        ],
        ['Domains', info.domains.map((d) => d.hostname).join(', ')],
        [
          'Addons',
          info.addons
            .map((a) => (a.prefix === null ? a.name : `${a.name} (${a.prefix}_)`))
            .join(', ') || '-',
        ],
        ['Disk', `${(info.diskBytes / 1048576).toFixed(1)} MiB`],
      ];
      formatTable(['FIELD', 'VALUE'], lines)
        .slice(1)
        .forEach((l) => ctx.print(l));
      return 0;
    },
  }),
  defineCommand({
    name: 'apps:create',
    summary: 'create an app (a push creates it too)',
    usage: 'APP',
    args: { min: 1, max: 1 },
    event: appEvent(() => 'created'),
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
    event: appEvent(({ options }) =>
      options.purge === true ? 'destroyed, data purged' : 'destroyed',
    ),
    options: {
      confirm: { type: 'string', valueName: 'APP', description: 'repeat the app name to confirm' },
      purge: { type: 'boolean', description: 'also delete the data directory (DATA_DIR)' },
    },
    async run(ctx, { positionals, options }) {
      const app = requireApp(ctx, positionals[0]);
      requireConfirmation('apps:destroy', app.name, options.confirm);
      const { destroyApp } = await import('../../pipeline/destroy.js');
      await destroyApp(await ctx.services(), app.name, {
        purge: options.purge === true,
        log: ctx.reporter,
      });
      return 0;
    },
  }),
];
