// The privilege boundary on the host: settings root can trust, the root-owned plugin directory, and the
// proxy's root-owned site directory (prepared, and migrated from $HOP3_HOME, by root).
import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Reporter } from '../output/reporter.js';
import { ensurePluginsDir } from '../plugins/install.js';
import type { PluginRegistry } from '../plugins/registry.js';
import { writableByNonRoot } from '../settings.js';
import type { SetupContext } from './context.js';
import { dropRootTrustedKeys, readSettingsFile } from './settings-file.js';

/**
 * The existing settings.json as setup may use it. A file a non-root user could write (hosts set up before
 * the boundary, where the hop3 user owned it) loses the keys root would trust: they go back to defaults.
 */
export function readSettingsForRoot(file: string, log: Reporter): Record<string, unknown> | undefined {
  const raw = readSettingsFile(file);
  if (raw === undefined || !writableByNonRoot(lstatSync(file))) return raw;
  const dropped = dropRootTrustedKeys(raw);
  if (dropped.length > 0) log.warn(`${file} was writable by a non-root user: reset ${dropped.join(', ')} to the defaults`);
  return raw;
}

/** Creates the root-owned external plugin directory; warns about plugins left in $HOP3_HOME/plugins (no longer read). */
export function ensurePluginsDirStep(ctx: SetupContext): void {
  const dir = ctx.settings.pluginsDir;
  ctx.log.step(`External plugins (${dir}, root-owned)`);
  ensurePluginsDir(dir);
  const legacy = join(ctx.paths.home, 'plugins');
  const left = existsSync(legacy) ? readdirSync(legacy).filter((f) => !f.startsWith('.')) : [];
  if (left.length > 0) {
    ctx.log.warn(`${legacy} is no longer read (the hop3 user can write it): review ${left.join(', ')} and install with "hop3 plugins:install PATH"`);
  }
  ctx.log.info('ok');
}

/** Runs the proxy plugin's prepare() as root: its root-owned site directory, and sites moved from older layouts. */
export async function prepareProxyAsRoot(ctx: SetupContext, plugins: PluginRegistry): Promise<void> {
  ctx.log.step(`Proxy sites (${ctx.settings.proxy}, prepared as root)`);
  await plugins.get('proxy', ctx.settings.proxy).instance.prepare?.();
  ctx.log.info('ok');
}
