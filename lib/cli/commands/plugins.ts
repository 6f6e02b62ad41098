// plugins: every loaded plugin with its kind, name, source and version; plugins:install and plugins:remove (root).
import { relative } from 'node:path';
import { defineCommand } from '../spec.js';
import { formatTable } from '../../output/table.js';

export const pluginCommands = [
  defineCommand({
    name: 'plugins',
    summary: 'list the loaded plugins: kind, name, source, version',
    usage: '',
    args: { min: 0, max: 0 },
    options: { json: { type: 'boolean', description: 'print JSON' } },
    async run(ctx, { options }) {
      const { PLUGIN_KINDS } = await import('../../sdk.js');
      const plugins = (await ctx.plugins())
        .list()
        .sort(
          (a, b) =>
            PLUGIN_KINDS.indexOf(a.kind) - PLUGIN_KINDS.indexOf(b.kind) ||
            a.name.localeCompare(b.name),
        );
      if (options.json) {
        ctx.print(
          JSON.stringify(
            plugins.map(({ instance: _i, ...p }) => p),
            null,
            2,
          ),
        );
        return 0;
      }
      const rows = plugins.map((p) => [
        p.kind,
        p.name,
        p.source === 'builtin'
          ? 'builtin'
          : `external (${relative(ctx.settings().pluginsDir, p.file)})`,
        p.version,
      ]);
      formatTable(['KIND', 'NAME', 'SOURCE', 'VERSION'], rows).forEach((l) => ctx.print(l));
      return 0;
    },
  }),
  defineCommand({
    name: 'plugins:install',
    summary:
      'install an external plugin (a .js file, a folder, a tarball or an npm package) into the root-owned plugins directory',
    usage: 'PATH|NPM_SPEC',
    localOnly: true,
    root: true,
    args: { min: 1, max: 1 },
    async run(ctx, { positionals }) {
      const { installPlugin } = await import('../../plugins/install.js');
      const { INSTALL_ROOT } = await import('../../install-root.js');
      const { run } = await import('../../proc/run.js');
      const installed = await installPlugin(
        ctx.settings().pluginsDir,
        positionals[0] ?? '',
        run,
        INSTALL_ROOT,
      );
      await ctx.plugins();
      ctx.print(`Installed plugin ${installed}`);
      return 0;
    },
  }),
  defineCommand({
    name: 'plugins:remove',
    summary: 'remove an external plugin (its file, folder or npm package name)',
    usage: 'NAME',
    localOnly: true,
    root: true,
    args: { min: 1, max: 1 },
    async run(ctx, { positionals }) {
      const { removePlugin } = await import('../../plugins/install.js');
      const { run } = await import('../../proc/run.js');
      const name = positionals[0] ?? '';
      await removePlugin(ctx.settings().pluginsDir, name, run);
      ctx.print(`Removed plugin ${name}`);
      return 0;
    },
  }),
];
