// What pipeline stages use: paths, settings, state, plugins and the command runner.
import type { CommandContext } from '../cli/context.js';
import type { Paths } from '../paths.js';
import type { PluginRegistry } from '../plugins/registry.js';
import type { RunCommand } from '../proc/run.js';
import type { Settings } from '../settings.js';
import type { State } from '../state/index.js';

/** The services a pipeline stage may use (built once per command). */
export interface Services {
  paths: Paths;
  settings: Settings;
  state: State;
  plugins: PluginRegistry;
  run: RunCommand;
}

/** Builds the pipeline services from a command context (loads the plugins). */
export async function servicesFrom(ctx: CommandContext): Promise<Services> {
  const container = await ctx.container();
  return {
    paths: ctx.paths,
    settings: ctx.settings(),
    state: ctx.state(),
    plugins: container.plugins,
    run: container.deps.run,
  };
}
