// addons:backup and addons:restore: dumps under $HOP3_HOME/backups/<name>/ (0600), restores all or nothing.
import { chmodSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import { Hop3Error } from '../errors.js';
import type { Reporter } from '../output/reporter.js';
import type { AddonServices } from './context.js';
import { addonPlugin, credentialOf, lockAddon } from './context.js';
import { backupDir } from './layout.js';
import { validateAddonName } from '../domain/addon-names.js';

/** `2026-11-25T07:40:11.123Z` as `20261125-074011-123`, for file names that sort by time. */
export function backupStamp(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace('T', '-')
    .replace('.', '-')
    .replace('Z', '');
}

/** Writes a backup of the addon's data and returns its path. A failed backup leaves no file. */
export async function backupAddon(
  s: AddonServices,
  opts: { name: string; log: Reporter },
): Promise<string> {
  const name = validateAddonName(opts.name);
  const row = s.state.addons.get(name);
  const plugin = addonPlugin(s, row.type);
  if (!/^[a-z0-9]{1,10}$/.test(plugin.backupExtension)) {
    throw new Hop3Error(
      'E_PLUGIN_SHAPE',
      `addon plugin ${row.type}: backupExtension ${JSON.stringify(plugin.backupExtension)} must be a short lowercase word`,
    );
  }
  const dir = backupDir(s.paths, name);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${name}-${backupStamp(new Date())}.${plugin.backupExtension}`);
  const temp = join(dir, `.${basename(file)}.partial`);
  const lock = lockAddon(s, name, `addons:backup ${name}`);
  try {
    opts.log.step(`Backing up ${row.type} addon ${name}`);
    await plugin.backup(credentialOf(s, row), temp);
    chmodSync(temp, 0o600);
    renameSync(temp, file);
  } finally {
    rmSync(temp, { force: true });
    lock.release();
  }
  opts.log.info(`${statSync(file).size} bytes`);
  return file;
}

/** The backup file a restore names: an absolute path, or a file name in the addon's backup directory. */
export function backupPath(s: AddonServices, name: string, file: string): string {
  const path = isAbsolute(file) ? file : join(backupDir(s.paths, name), file);
  if (!statSync(path, { throwIfNoEntry: false })?.isFile()) {
    throw new Hop3Error('E_INVALID_VALUE', `no backup file ${path}`, {
      hint: `addons:backup ${name} prints the path of each backup it writes`,
    });
  }
  return path;
}

/** Replaces the addon's data with a backup; a file the plugin cannot use changes nothing (E_BACKUP_INVALID). */
export async function restoreAddon(
  s: AddonServices,
  opts: { name: string; file: string; log: Reporter },
): Promise<void> {
  const name = validateAddonName(opts.name);
  const row = s.state.addons.get(name);
  const path = backupPath(s, name, opts.file);
  const lock = lockAddon(s, name, `addons:restore ${name}`);
  try {
    opts.log.step(`Restoring ${row.type} addon ${name} from ${path}`);
    await addonPlugin(s, row.type).restore(credentialOf(s, row), path);
    opts.log.info('restored');
  } finally {
    lock.release();
  }
}
