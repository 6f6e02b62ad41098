// releases and deploy: the app's history, and a rebuild of its current source.
import { defineCommand } from '../spec.js';
import { printShape } from '../print-json.js';
import { formatTable } from '../../output/table.js';
import { requireApp } from './shared.js';

export const releaseCommands = [
  defineCommand({
    name: 'releases',
    summary: "list an app's releases (v1, v2, ...), newest first",
    usage: 'APP [-n N] [--json]',
    args: { min: 1, max: 1 },
    access: 'app',
    options: {
      num: {
        type: 'string',
        short: 'n',
        valueName: 'N',
        description: 'show at most N releases (default 20)',
      },
      json: { type: 'boolean', description: 'print JSON' },
    },
    run(ctx, { positionals, options }) {
      const app = requireApp(ctx, positionals[0]);
      const limit = Number(options.num ?? 20);
      const releases = ctx
        .state()
        .releases.list(app.id, Number.isInteger(limit) && limit > 0 ? limit : 20);
      if (options.json) {
        printShape(
          (l) => ctx.print(l),
          'releasesShape',
          releases.map(({ config: _config, ...r }) => r),
        );
        return 0;
      }
      ctx.print(`=== ${app.name} releases`);
      if (releases.length === 0) {
        ctx.print('no releases yet: push to deploy');
        return 0;
      }
      const rows = releases.map((r) => [
        `v${r.number}${r.number === app.currentRelease ? '*' : ''}`,
        r.status,
        r.gitSha ? r.gitSha.slice(0, 7) : '-',
        r.createdAt.replace('T', ' ').slice(0, 19),
        r.deployer ?? '-',
        r.pushedBy ?? '-',
        r.error ? `${r.description}: ${r.error}` : r.description,
      ]);
      formatTable(
        ['VERSION', 'STATUS', 'SHA', 'CREATED (UTC)', 'DEPLOYER', 'BY', 'DESCRIPTION'],
        rows,
      ).forEach((l) => ctx.print(l));
      return 0;
    },
  }),
  defineCommand({
    name: 'deploy',
    summary: "rebuild and redeploy an app's current source",
    usage: 'APP',
    args: { min: 1, max: 1 },
    access: 'app',
    async run(ctx, { positionals }) {
      const app = requireApp(ctx, positionals[0]);
      const { redeploy } = await import('../../pipeline/deploy.js');
      await redeploy(await ctx.services(), app.name, { out: ctx.stdout, pushedBy: ctx.user });
      return 0;
    },
  }),
];
