// plugins: every loaded plugin with its kind, name, source and version.
import { relative } from 'node:path';
import { defineCommand } from '../spec.js';
import { formatTable } from '../table.js';

export const pluginCommands = [
  defineCommand({
    name: 'plugins',
    summary: 'list the loaded plugins: kind, name, source, version',
    usage: '',
    args: { min: 0, max: 0 },
    options: { json: { type: 'boolean', description: 'print JSON' } },
    async run(ctx, { options }) {
      const { PLUGIN_KINDS } = await import('../../sdk.js');
      const plugins = (await ctx.container()).plugins
        .list()
        .sort((a, b) => PLUGIN_KINDS.indexOf(a.kind) - PLUGIN_KINDS.indexOf(b.kind) || a.name.localeCompare(b.name));
      if (options.json) {
        ctx.print(JSON.stringify(plugins.map(({ instance: _i, ...p }) => p), null, 2));
        return 0;
      }
      const rows = plugins.map((p) => [
        p.kind,
        p.name,
        p.source === 'builtin' ? 'builtin' : `external (${relative(ctx.paths.plugins, p.file)})`,
        p.version,
      ]);
      formatTable(['KIND', 'NAME', 'SOURCE', 'VERSION'], rows).forEach((l) => ctx.print(l));
      return 0;
    },
  }),
];
