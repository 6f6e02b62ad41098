// ps, restart, stop, start: the app's processes.
import { defineCommand } from '../spec.js';
import { printShape } from '../print-json.js';
import { formatTable } from '../../output/table.js';
import { requireApp } from './shared.js';
import { appEvent } from '../record-event.js';

export const psCommands = [
  defineCommand({
    name: 'ps',
    summary: "show an app's processes: state, port, pid, restarts",
    usage: 'APP [--json]',
    args: { min: 1, max: 1 },
    access: 'app',
    options: { json: { type: 'boolean', description: 'print JSON' } },
    async run(ctx, { positionals, options }) {
      const app = requireApp(ctx, positionals[0]);
      const { appStatus } = await import('../../pipeline/restart.js');
      const instances = await appStatus(await ctx.services(), app.name);
      if (options.json) {
        printShape((l) => ctx.print(l), 'psShape', instances);
        return 0;
      }
      const release =
        app.currentRelease === null
          ? 'not deployed'
          : `v${app.currentRelease}${app.stopped ? ' (stopped)' : ''}`;
      ctx.print(`=== ${app.name}: ${release}`);
      if (instances.length === 0) {
        ctx.print(
          app.currentRelease === null ? 'no processes: push to deploy' : 'no processes running',
        );
        return 0;
      }
      const rows = instances.map((i) => [
        `${i.process}.${i.index}`,
        i.state,
        i.port === undefined ? '-' : String(i.port),
        i.pid === undefined ? '-' : String(i.pid),
        String(i.restarts),
      ]);
      formatTable(['PROCESS', 'STATE', 'PORT', 'PID', 'RESTARTS'], rows).forEach((l) =>
        ctx.print(l),
      );
      return 0;
    },
  }),
  defineCommand({
    name: 'ps:scale',
    summary: 'set how many instances of each process type run (zero-downtime restart)',
    usage: 'APP PROCESS=COUNT...',
    description: 'Several web instances each get their own port; the proxy balances across them.',
    args: { min: 2 },
    event: appEvent(({ positionals }) => `scaled ${positionals.slice(1).join(' ')}`),
    access: 'app',
    async run(ctx, { positionals }) {
      const app = requireApp(ctx, positionals[0]);
      const { parseScale, scaleApp } = await import('../../pipeline/scale.js');
      await scaleApp(
        await ctx.services(),
        app.name,
        parseScale(positionals.slice(1)),
        ctx.reporter,
      );
      return 0;
    },
  }),
  defineCommand({
    name: 'restart',
    summary:
      'restart an app: new processes start, pass the health check, then replace the old ones',
    usage: 'APP',
    args: { min: 1, max: 1 },
    event: appEvent(() => 'restarted'),
    access: 'app',
    async run(ctx, { positionals }) {
      const app = requireApp(ctx, positionals[0]);
      const { restartApp } = await import('../../pipeline/restart.js');
      await restartApp(await ctx.services(), app.name, { log: ctx.reporter, require: true });
      return 0;
    },
  }),
  defineCommand({
    name: 'stop',
    summary: "stop an app's processes and stop serving it",
    usage: 'APP',
    args: { min: 1, max: 1 },
    event: appEvent(() => 'stopped'),
    access: 'app',
    async run(ctx, { positionals }) {
      const app = requireApp(ctx, positionals[0]);
      const { stopApp } = await import('../../pipeline/restart.js');
      await stopApp(await ctx.services(), app.name, ctx.reporter);
      return 0;
    },
  }),
  defineCommand({
    name: 'start',
    summary: 'start a stopped app at its current release',
    usage: 'APP',
    args: { min: 1, max: 1 },
    event: appEvent(() => 'started'),
    access: 'app',
    async run(ctx, { positionals }) {
      const app = requireApp(ctx, positionals[0]);
      const { restartApp } = await import('../../pipeline/restart.js');
      await restartApp(await ctx.services(), app.name, { log: ctx.reporter, require: true });
      return 0;
    },
  }),
];
