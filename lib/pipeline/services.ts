// What pipeline stages use: paths, settings, state, plugins and the command runner (built by lib/container.ts).
import type { AppSandbox } from '../identity/app-sandbox.js';
import type { Paths } from '../paths.js';
import type { PluginRegistry } from '../plugins/registry.js';
import type { RunCommand } from '../proc/run.js';
import type { Settings } from '../settings.js';
import type { State } from '../state/index.js';

/** The services a pipeline stage may use (built once per command by the composition root). */
export interface Services {
  paths: Paths;
  settings: Settings;
  state: State;
  plugins: PluginRegistry;
  run: RunCommand;
  /** Runs commands and file operations as an app's own user (or as hop3 without app users). */
  sandbox: (app: string) => AppSandbox;
}
