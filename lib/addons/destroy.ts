// addons:destroy: only with --confirm NAME and once no app uses it; the server side goes first, then the record.
import { Hop3Error } from '../errors.js';
import type { Reporter } from '../output/reporter.js';
import type { AddonServices } from './context.js';
import { addonPlugin, credentialOf, lockAddon } from './context.js';
import { backupDir } from './layout.js';
import { validateAddonName } from '../domain/addon-names.js';

/** Throws E_CONFIRM_REQUIRED unless `confirm` repeats the addon's name. */
export function requireAddonConfirmation(name: string, confirm: unknown): void {
  if (confirm === name) return;
  throw new Hop3Error(
    'E_CONFIRM_REQUIRED',
    confirm === undefined
      ? `addons:destroy deletes ${name} and all its data: it needs --confirm ${name}`
      : `--confirm "${typeof confirm === 'string' ? confirm : ''}" does not match the addon name "${name}"`,
    { hint: `addons:destroy ${name} --confirm ${name}` },
  );
}

/** Deletes an addon's database, user or process and its data, then its record. Backups are kept. */
export async function destroyAddon(
  s: AddonServices,
  opts: { name: string; confirm: unknown; log: Reporter },
): Promise<void> {
  const name = validateAddonName(opts.name);
  requireAddonConfirmation(name, opts.confirm);
  const repo = s.state.addons;
  const row = repo.get(name);
  const lock = lockAddon(s, name, `addons:destroy ${name}`);
  try {
    const apps = repo.attachments({ addonId: row.id }).map((a) => a.app);
    if (apps.length > 0) {
      throw new Hop3Error(
        'E_ADDON_IN_USE',
        `${name} is attached to ${apps.join(', ')}: detach it first`,
        {
          hint: apps.map((app) => `addons:detach ${name} ${app}`).join('; '),
        },
      );
    }
    opts.log.step(`Destroying ${row.type} addon ${name}`);
    await addonPlugin(s, row.type).destroy(credentialOf(s, row));
    repo.remove(row.id);
    opts.log.info(
      `destroyed ${name}; its backups (if any) are kept in ${backupDir(s.paths, name)}`,
    );
  } finally {
    lock.release();
  }
}
