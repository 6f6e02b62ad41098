// logs: an app's process output, optionally followed (-t).
import { existsSync, readFileSync } from 'node:fs';
import { Hop3Error } from '../../errors.js';
import { followLogs, lastLinesOf, logFiles } from '../../logs/tail.js';
import { defineCommand } from '../spec.js';
import { followSignal, requireApp } from './shared.js';

export const logsCommands = [
  defineCommand({
    name: 'logs',
    summary: "show an app's process logs (-t to follow)",
    usage: 'APP [-n N] [-t] [-p PROCESS] [--release RELEASE]',
    args: { min: 1, max: 1 },
    access: 'app',
    options: {
      num: {
        type: 'string',
        short: 'n',
        valueName: 'N',
        description: 'lines per process (default 100)',
      },
      tail: {
        type: 'boolean',
        short: 't',
        description: 'keep printing new lines (Ctrl-C to stop)',
      },
      process: {
        type: 'string',
        short: 'p',
        valueName: 'PROCESS',
        description: 'only this process type (e.g. web)',
      },
      release: {
        type: 'string',
        valueName: 'RELEASE',
        description: "a release's build and deploy log instead (v3 or 3)",
      },
    },
    async run(ctx, { positionals, options }) {
      const app = requireApp(ctx, positionals[0]);
      if (typeof options.release === 'string') {
        const { parseReleaseId } = await import('../../pipeline/rollback.js');
        const r = ctx.state().releases.get(app.id, parseReleaseId(options.release), app.name);
        if (!r.buildLog || !existsSync(r.buildLog)) {
          ctx.print(
            `v${r.number} has no build log of its own (${r.description}: it ran an earlier build)`,
          );
          return 0;
        }
        ctx.stdout.write(readFileSync(r.buildLog, 'utf8'));
        return 0;
      }
      const count = Number(options.num ?? 100);
      if (!Number.isInteger(count) || count < 0) {
        throw new Hop3Error(
          'E_USAGE',
          `-n must be a whole number, got ${JSON.stringify(options.num)}`,
          { hint: `logs ${app.name} -n 50` },
        );
      }
      const process = typeof options.process === 'string' ? options.process : undefined;
      const dir = ctx.paths.logs(app.name);
      const files = logFiles(dir, process);
      if (files.length === 0 && !options.tail) {
        ctx.print(`no logs yet for ${app.name}${process ? ` (${process})` : ''}`);
        return 0;
      }
      const width = Math.max(0, ...files.map((f) => f.label.length));
      for (const f of files)
        for (const line of lastLinesOf(f.path, count))
          ctx.print(`${f.label.padEnd(width)} | ${line}`);
      if (options.tail) {
        await followLogs(
          () => logFiles(dir, process),
          (label, line) => ctx.print(`${label.padEnd(width)} | ${line}`),
          followSignal(ctx),
        );
      }
      return 0;
    },
  }),
];
