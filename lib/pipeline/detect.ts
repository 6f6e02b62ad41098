// Detect: pick the language toolchain. A pin in hop3.toml wins (one toolchain, or several built in order);
// else the highest priority detection; a tie is an error. The reason is always printed.
import type { AppConfig } from '../domain/app-config.js';
import { Hop3Error } from '../errors.js';
import { goWithoutModule } from '../sdk/toolkit/source-files.js';
import type { Reporter } from '../output/reporter.js';
import type { PluginRegistry } from '../plugins/registry.js';
import type { LanguageToolchain, LoadedToolchain, SourceTree } from '../sdk.js';
import { chainToolchains, titleOf } from './toolchain-chain.js';

/** The chosen toolchain and why. */
export interface Selection {
  toolchain: LoadedToolchain;
  reason: string;
}

interface Found {
  name: string;
  reason: string;
  instance: LanguageToolchain;
}

function load(plugins: PluginRegistry, name: string): LoadedToolchain {
  const plugin = plugins.get('toolchain', name);
  return { ...plugin.instance, name: plugin.name };
}

/** The toolchain(s) hop3.toml pins, or undefined when it pins none. */
function pinned(plugins: PluginRegistry, config: AppConfig, log: Reporter): Selection | undefined {
  const build = config.toml.build;
  const names =
    build?.toolchains ?? (build?.toolchain === undefined ? undefined : [build.toolchain]);
  if (names === undefined) return undefined;
  if (names.length === 1) {
    const toolchain = load(plugins, names[0] ?? '');
    log.step(`${titleOf(toolchain)} app (toolchain pinned in hop3.toml)`);
    return { toolchain, reason: 'pinned in hop3.toml' };
  }
  const toolchain = chainToolchains(names.map((n) => load(plugins, n)));
  log.step(`${titleOf(toolchain)} app (toolchains listed in hop3.toml: ${names.join(', ')})`);
  return { toolchain, reason: `listed in hop3.toml: ${names.join(', ')}` };
}

/** Every toolchain that claims the source, highest priority first. */
async function detectAll(
  plugins: PluginRegistry,
  src: SourceTree,
  config: AppConfig,
): Promise<Found[]> {
  const found: Found[] = [];
  for (const plugin of plugins.all('toolchain')) {
    const detection = await plugin.instance.detect(src, config);
    if (detection)
      found.push({ name: plugin.name, reason: detection.reason, instance: plugin.instance });
  }
  return found.sort((a, b) => b.instance.priority - a.instance.priority);
}

/** Directories a static site keeps its index.html in, the root first. */
const SITE_DIRS = ['.', 'public', 'dist', 'site', 'build', '_site', 'www'];

/** Why nothing claims `src`, with a hint for what it looks like: a static site, Go without go.mod, else generic. */
function noToolchain(src: SourceTree): Hop3Error {
  const go = goWithoutModule(src.list());
  if (go) return go;
  const site = SITE_DIRS.find((d) => src.has(d === '.' ? 'index.html' : `${d}/index.html`));
  return new Hop3Error(
    'E_NO_TOOLCHAIN',
    site === undefined
      ? 'could not tell how to build this app: no toolchain recognised it'
      : `could not tell how to build this app: ${site === '.' ? 'index.html' : `${site}/index.html`} looks like a static site, but nothing says to serve it`,
    {
      hint:
        site === undefined
          ? 'add a Procfile ("web: <command>") or a language marker such as package.json or requirements.txt, or pin one with hop3.toml [build] toolchain'
          : `to serve it as a static site, add a Procfile with the line "static: ${site}" (the directory the proxy serves at /)`,
    },
  );
}

/** Selects the toolchain for a source tree and prints the reason (and which other builds it leaves out). */
export async function selectToolchain(
  plugins: PluginRegistry,
  src: SourceTree,
  config: AppConfig,
  log: Reporter,
): Promise<Selection> {
  const pin = pinned(plugins, config, log);
  if (pin) return pin;
  const found = await detectAll(plugins, src, config);
  const [best, second] = found;
  if (!best) throw noToolchain(src);
  if (second && second.instance.priority === best.instance.priority) {
    const tied = found.filter((f) => f.instance.priority === best.instance.priority);
    throw new Hop3Error(
      'E_TOOLCHAIN_TIE',
      `several toolchains claim this app with the same priority: ${tied.map((t) => `${t.name} (${t.reason})`).join(', ')}`,
      { hint: `pin one in hop3.toml: [build] toolchain = "${best.name}"` },
    );
  }
  const toolchain: LoadedToolchain = { ...best.instance, name: best.name };
  log.step(`${titleOf(toolchain)} app detected (${best.reason})`);
  // Losers that would have installed something (they need host binaries) are worth a line: their build is skipped.
  const skipped = found.slice(1).filter((f) => (f.instance.requires ?? []).length > 0);
  if (skipped.length > 0) {
    const names = [...skipped.map((f) => f.name).reverse(), best.name]
      .map((n) => `"${n}"`)
      .join(', ');
    log.info(
      `Also found ${skipped.map((f) => `${f.reason} (${f.name})`).join(', ')}: not built, ${best.name} has priority`,
    );
    log.info(
      `To build several, list them in build order in hop3.toml: [build] toolchains = [${names}]`,
    );
  }
  return { toolchain, reason: best.reason };
}
