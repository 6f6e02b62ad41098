// The loaded plugins, by kind and name, with where each came from.
import { Hop3Error } from '../errors.js';
import type {
  Addon,
  Builder,
  Deployer,
  LanguageToolchain,
  OperatingSystem,
  PluginKind,
  Proxy,
} from '../sdk.js';

/** The interface each kind implements. */
export interface PluginTypes {
  builder: Builder;
  toolchain: LanguageToolchain;
  deployer: Deployer;
  addon: Addon;
  proxy: Proxy;
  os: OperatingSystem;
}

/** One loaded plugin. */
export interface LoadedPlugin<K extends PluginKind = PluginKind> {
  kind: K;
  name: string;
  source: 'builtin' | 'external';
  version: string;
  file: string;
  instance: PluginTypes[K];
}

/** Lookup of loaded plugins. */
export interface PluginRegistry {
  list(): LoadedPlugin[];
  all<K extends PluginKind>(kind: K): LoadedPlugin<K>[];
  /** The named plugin of a kind; E_UNKNOWN_PLUGIN listing the known ones when absent. */
  get<K extends PluginKind>(kind: K, name: string): LoadedPlugin<K>;
}

/** Builds a registry over loaded plugins (already checked for duplicates). */
export function createRegistry(plugins: LoadedPlugin[]): PluginRegistry {
  const all = <K extends PluginKind>(kind: K): LoadedPlugin<K>[] =>
    plugins.filter((p): p is LoadedPlugin<K> => p.kind === kind);
  return {
    list: () => [...plugins],
    all,
    get(kind, name) {
      const found = all(kind).find((p) => p.name === name);
      if (found) return found;
      const known =
        all(kind)
          .map((p) => p.name)
          .join(', ') || 'none';
      throw new Hop3Error(
        'E_UNKNOWN_PLUGIN',
        `no ${kind} plugin named "${name}" (known: ${known})`,
        {
          hint: 'run "hop3 plugins" to list the installed plugins',
        },
      );
    },
  };
}
