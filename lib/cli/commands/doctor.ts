// doctor: checks this host (services, disk, config, state database, apps) and says what to fix.
import { Hop3Error } from '../../errors.js';
import { printShape } from '../print-json.js';
import { defineCommand } from '../spec.js';

export const doctorCommands = [
  defineCommand({
    name: 'doctor',
    summary:
      'check this host and say what to fix: services, disk space, config files, state database, every app serving',
    usage: '[--min-free-mb MB] [--json]',
    description:
      'One line per check, ok or FAIL with the fix. Exits 0 only when every check passes.',
    args: { min: 0, max: 0 },
    options: {
      'min-free-mb': {
        type: 'string',
        valueName: 'MB',
        description:
          'fail the disk check below this much free space (default: settings minFreeDiskMb)',
      },
      json: { type: 'boolean', description: 'print JSON' },
    },
    async run(ctx, { options }) {
      const raw = options['min-free-mb'];
      const minFreeMb = raw === undefined ? undefined : Number(raw);
      if (minFreeMb !== undefined && (!Number.isInteger(minFreeMb) || minFreeMb < 0)) {
        throw new Hop3Error(
          'E_USAGE',
          `--min-free-mb must be a whole number of megabytes, got ${JSON.stringify(raw)}`,
          { hint: 'doctor --min-free-mb 500' },
        );
      }
      const { diagnose, formatCheck } = await import('../../doctor/index.js');
      const report = await diagnose(
        {
          paths: ctx.paths,
          settings: () => ctx.settings(),
          state: () => ctx.state(),
          services: () => ctx.services(),
        },
        minFreeMb === undefined ? {} : { minFreeMb },
      );
      if (options.json) printShape((l) => ctx.print(l), 'doctorShape', report);
      else {
        report.checks.forEach((c) => ctx.print(formatCheck(c)));
        const failed = report.checks.filter((c) => !c.ok).length;
        ctx.print(
          failed === 0
            ? `all ${report.checks.length} checks passed`
            : `${failed} of ${report.checks.length} checks failed`,
        );
      }
      return report.ok ? 0 : 1;
    },
  }),
];
