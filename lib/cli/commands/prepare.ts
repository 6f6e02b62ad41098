// prepare: every plugin's host preparation, run by `hop3 setup` as the hop3 user (internal).
import { defineCommand } from '../spec.js';

/** The internal `prepare` command. */
export const prepareCommands = [
  defineCommand({
    name: 'prepare',
    summary: "run every plugin's host preparation as the hop3 user (called by setup)",
    usage: '',
    internal: true,
    args: { min: 0, max: 0 },
    async run(ctx) {
      const { preparePlugins } = await import('../../setup/prepare.js');
      const plugins = await ctx.plugins();
      await preparePlugins(plugins, ctx.settings(), (line) => ctx.print(line));
      return 0;
    },
  }),
];
