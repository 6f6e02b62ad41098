// Detect: pick the language toolchain. A pin in hop3.toml wins; else the highest priority detection;
// a tie is an error. The reason is always printed.
import type { AppConfig } from '../domain/app-config.js';
import { Hop3Error } from '../errors.js';
import type { Reporter } from '../output/reporter.js';
import type { PluginRegistry } from '../plugins/registry.js';
import type { LoadedToolchain, SourceTree } from '../sdk.js';

/** The chosen toolchain and why. */
export interface Selection {
  toolchain: LoadedToolchain;
  reason: string;
}

/** Selects the toolchain for a source tree and prints the reason. */
export async function selectToolchain(
  plugins: PluginRegistry,
  src: SourceTree,
  config: AppConfig,
  log: Reporter,
): Promise<Selection> {
  const pin = config.toml.build?.toolchain;
  const title = (name: string, t: { title?: string }): string => t.title ?? name;
  if (pin !== undefined) {
    const plugin = plugins.get('toolchain', pin);
    const toolchain: LoadedToolchain = { ...plugin.instance, name: plugin.name };
    log.step(`${title(plugin.name, plugin.instance)} app (toolchain pinned in hop3.toml)`);
    return { toolchain, reason: 'pinned in hop3.toml' };
  }
  const found: { name: string; priority: number; reason: string; plugin: (typeof candidates)[number] }[] = [];
  const candidates = plugins.all('toolchain');
  for (const plugin of candidates) {
    const detection = await plugin.instance.detect(src, config);
    if (detection) found.push({ name: plugin.name, priority: plugin.instance.priority, reason: detection.reason, plugin });
  }
  if (found.length === 0) {
    throw new Hop3Error('E_NO_TOOLCHAIN', 'could not tell how to build this app: no toolchain recognised it', {
      hint: 'add a Procfile ("web: <command>") or a language marker such as package.json or requirements.txt, or pin one with hop3.toml [build] toolchain',
    });
  }
  found.sort((a, b) => b.priority - a.priority);
  const [best, second] = found;
  if (!best) throw new Hop3Error('E_INTERNAL', 'toolchain selection failed');
  if (second && second.priority === best.priority) {
    const tied = found.filter((f) => f.priority === best.priority);
    throw new Hop3Error(
      'E_TOOLCHAIN_TIE',
      `several toolchains claim this app with the same priority: ${tied.map((t) => `${t.name} (${t.reason})`).join(', ')}`,
      { hint: `pin one in hop3.toml: [build] toolchain = "${best.name}"` },
    );
  }
  const toolchain: LoadedToolchain = { ...best.plugin.instance, name: best.name };
  log.step(`${title(best.name, best.plugin.instance)} app detected (${best.reason})`);
  return { toolchain, reason: best.reason };
}
