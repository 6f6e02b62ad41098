// Plugins' host preparation: `hop3 prepare` runs every prepare() as the hop3 user; setup starts that command.
import { Hop3Error, isHop3Error } from '../errors.js';
import { hostPlugins } from '../plugins/host.js';
import type { PluginRegistry } from '../plugins/registry.js';
import type { Settings } from '../settings.js';
import type { SetupContext } from './context.js';

/** Runs each host plugin's prepare() (hostPlugins) in load order and prints one line per plugin that has one. */
export async function preparePlugins(
  plugins: PluginRegistry,
  settings: Settings,
  print: (line: string) => void,
): Promise<void> {
  let count = 0;
  for (const plugin of hostPlugins(plugins, settings)) {
    if (!plugin.instance.prepare) continue;
    try {
      await plugin.instance.prepare();
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new Hop3Error(
        'E_SETUP',
        `${plugin.kind} plugin ${plugin.name}: prepare failed: ${why}`,
        {
          details: isHop3Error(error) ? error.details : undefined,
          hint: isHop3Error(error) ? error.hint : `see ${plugin.file}`,
          cause: error,
        },
      );
    }
    print(`${plugin.kind} ${plugin.name}: prepared`);
    count += 1;
  }
  if (count === 0) print('no plugin needs preparing');
}

/** Runs `hop3 prepare` (which drops to the owner of HOP3_HOME), showing its lines under the current step. */
export async function runPrepareAsHop3(ctx: SetupContext): Promise<void> {
  ctx.log.step(`Preparing plugins (as ${ctx.user.name})`);
  const result = await ctx.run(ctx.settings.hop3Command, ['prepare'], {
    env: { HOP3_HOME: ctx.paths.home },
    onLine: (line) => ctx.log.info(line.trim()),
    reject: false,
    timeoutMs: 300_000,
  });
  if (result.exitCode !== 0) {
    throw new Hop3Error(
      'E_SETUP',
      `${ctx.settings.hop3Command} prepare exited with code ${result.exitCode}`,
      {
        hint: 'the lines above name the plugin that failed',
      },
    );
  }
}
