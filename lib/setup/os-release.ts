// Which OS plugin describes this host, from /etc/os-release.
import { Hop3Error } from '../errors.js';
import type { LoadedPlugin, PluginRegistry } from '../plugins/registry.js';

/** Parses os-release text (KEY=value lines, values optionally quoted) into a record. */
export function parseOsRelease(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!m?.[1] || m[2] === undefined) continue;
    const value = m[2].trim();
    const quoted = /^(["'])(.*)\1$/.exec(value);
    fields[m[1]] = quoted?.[2] === undefined ? value : quoted[2].replace(/\\(["\\$`])/g, '$1');
  }
  return fields;
}

/** The OS plugin whose detect() accepts this os-release; E_SETUP naming the system when none does. */
export function pickOs(
  plugins: PluginRegistry,
  osRelease: Record<string, string>,
): LoadedPlugin<'os'> {
  const found = plugins.all('os').find((p) => p.instance.detect(osRelease));
  if (found) return found;
  const system = osRelease.PRETTY_NAME ?? osRelease.ID ?? 'this system';
  const known =
    plugins
      .all('os')
      .map((p) => p.instance.title)
      .join(', ') || 'none';
  throw new Hop3Error('E_SETUP', `no OS plugin supports ${system} (supported: ${known})`, {
    hint: 'hop3 setup runs on Debian 12; see "hop3 plugins" for the OS plugins installed',
  });
}
