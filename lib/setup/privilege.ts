// The privilege boundary on the host: settings root can trust, and the root-owned plugin directory.
import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Reporter } from '../output/reporter.js';
import { ensurePluginsDir } from '../plugins/install.js';
import { writableByNonRoot } from '../settings.js';
import type { SetupContext } from './context.js';
import { dropRootTrustedKeys, readSettingsFile, type NamedSection } from './settings-file.js';

/** The existing settings.json as setup read it, and whether a user other than root could have written it. */
export interface ExistingSettings {
  raw: Record<string, unknown> | undefined;
  untrusted: boolean;
}

/** Drops the keys root would trust from an untrusted file (hop3's, and those of `sections`) and says so. */
export function dropUntrustedKeys(
  file: string,
  existing: ExistingSettings,
  sections: readonly NamedSection[],
  log: Reporter,
): void {
  if (!existing.untrusted || existing.raw === undefined) return;
  const dropped = dropRootTrustedKeys(existing.raw, sections);
  if (dropped.length > 0)
    log.warn(
      `${file} was writable by a non-root user: reset ${dropped.join(', ')} to the defaults`,
    );
}

/**
 * The existing settings.json as setup may use it. A file a non-root user could write (hosts set up before
 * the boundary, where the hop3 user owned it) loses hop3's own keys root would trust: they go back to defaults.
 * The plugin sections' keys go once the plugins said which they are (dropUntrustedKeys).
 */
export function readSettingsForRoot(file: string, log: Reporter): ExistingSettings {
  const raw = readSettingsFile(file);
  const existing = { raw, untrusted: raw !== undefined && writableByNonRoot(lstatSync(file)) };
  dropUntrustedKeys(file, existing, [], log);
  return existing;
}

/** Creates the root-owned external plugin directory; warns about plugins left in $HOP3_HOME/plugins (no longer read). */
export function ensurePluginsDirStep(ctx: SetupContext): void {
  const dir = ctx.settings.pluginsDir;
  ctx.log.step(`External plugins (${dir}, root-owned)`);
  ensurePluginsDir(dir);
  const legacy = join(ctx.paths.home, 'plugins');
  const left = existsSync(legacy) ? readdirSync(legacy).filter((f) => !f.startsWith('.')) : [];
  if (left.length > 0) {
    ctx.log.warn(
      `${legacy} is no longer read (the hop3 user can write it): review ${left.join(', ')} and install with "hop3 plugins:install PATH"`,
    );
  }
  ctx.log.info('ok');
}
