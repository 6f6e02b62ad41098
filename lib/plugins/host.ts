// Which plugins take part in host set-up, and the `supervise` service as plugins receive it.
import { Hop3Error } from '../errors.js';
import type { Supervise } from '../sdk.js';
import type { Settings } from '../settings.js';
import type { LoadedPlugin, PluginRegistry } from './registry.js';

/**
 * The plugins whose host hooks (packages, homeDirs, settingsSection, sudoCommands, prepareHost, startHost,
 * prepare, services) run: every loaded plugin except proxies other than `settings.proxy` and supervisors
 * (deployers with `supervise`) other than `settings.supervisor`.
 */
export function hostPlugins(
  plugins: PluginRegistry,
  settings: Pick<Settings, 'proxy' | 'supervisor'>,
): LoadedPlugin[] {
  return plugins.list().filter((p) => {
    if (p.kind === 'proxy') return p.name === settings.proxy;
    if (p.kind === 'deployer' && (p as LoadedPlugin<'deployer'>).instance.supervise)
      return p.name === settings.supervisor;
    return true;
  });
}

/** Throws unless the proxy and the supervisor settings.json chooses are installed (E_UNKNOWN_PLUGIN, E_SETUP). */
export function checkHostChoices(
  plugins: PluginRegistry,
  settings: Pick<Settings, 'proxy' | 'supervisor'>,
): void {
  plugins.get('proxy', settings.proxy);
  if (!plugins.get('deployer', settings.supervisor).instance.supervise) {
    throw new Hop3Error(
      'E_SETUP',
      `settings.json: "supervisor" names the deployer ${settings.supervisor}, which supervises no processes`,
      {
        hint: 'name a deployer that does (run "hop3 plugins" to list them)',
      },
    );
  }
}

/** The chosen supervisor's `supervise` service, looked up at each call (plugins receive it before they all load). */
export function superviseThrough(
  settings: Pick<Settings, 'supervisor'>,
  plugins: () => PluginRegistry | undefined,
): Supervise {
  const chosen = (): Supervise | undefined => {
    const registry = plugins();
    return registry?.all('deployer').find((d) => d.name === settings.supervisor)?.instance
      .supervise;
  };
  const required = (): Supervise => {
    const found = chosen();
    if (found) return found;
    throw new Hop3Error(
      'E_SETUP',
      `no process supervisor: settings.json "supervisor" is ${JSON.stringify(settings.supervisor)}`,
      {
        hint: 'name a deployer that supervises processes (run "hop3 plugins")',
      },
    );
  };
  return {
    unavailable: () => {
      const found = chosen();
      return found
        ? found.unavailable()
        : `no process supervisor named ${JSON.stringify(settings.supervisor)} is installed`;
    },
    start: async (process) => required().start(process),
    restart: async (name) => required().restart(name),
    stop: async (name) => required().stop(name),
  };
}
