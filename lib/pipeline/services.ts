// What pipeline stages use: paths, settings, state, plugins and the command runner.
import type { CommandContext } from '../cli/context.js';
import type { AppSandbox } from '../identity/app-sandbox.js';
import { appSandbox } from '../sdk.js';
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
  /** Runs commands and file operations as an app's own user (or as hop3 without app users). */
  sandbox: (app: string) => AppSandbox;
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
    sandbox: (app) => appSandbox(container.deps, app),
  };
}
