// Backups in pg_dump's custom format, made and restored with the addon's own role (it owns everything in
// its database). A restore checks the archive first and runs in one transaction: all of it, or nothing.
import { Hop3Error, type AddonCredential, type RunCommand } from '../../../lib/sdk.js';
import { asAddon, scrub } from './connection.js';

const LONG = 60 * 60_000;

/** Writes a custom-format dump of the addon's database to `file`. */
export async function dumpTo(
  run: RunCommand,
  credential: AddonCredential,
  file: string,
): Promise<void> {
  const { args, env } = asAddon(credential);
  const result = await run(
    'pg_dump',
    ['--format=custom', '--no-owner', `--file=${file}`, ...args],
    { env, reject: false, timeoutMs: LONG },
  );
  if (result.exitCode !== 0)
    throw new Hop3Error('E_COMMAND_FAILED', 'pg_dump failed', {
      details: scrub(result.all.trim()),
    });
}

/** Replaces the objects in the dump (dropping and re-creating them) in one transaction. */
export async function restoreFrom(
  run: RunCommand,
  credential: AddonCredential,
  file: string,
): Promise<void> {
  const list = await run('pg_restore', ['--list', file], { reject: false, timeoutMs: LONG });
  if (list.exitCode !== 0) {
    throw new Hop3Error(
      'E_BACKUP_INVALID',
      `${file} is not a PostgreSQL backup (pg_dump custom format); nothing was changed`,
      {
        details: list.all.trim(),
        hint: 'use a file written by addons:backup of a postgres addon',
      },
    );
  }
  const { args, env } = asAddon(credential);
  const flags = [
    '--clean',
    '--if-exists',
    '--no-owner',
    '--no-privileges',
    '--single-transaction',
    '--exit-on-error',
  ];
  const result = await run('pg_restore', [...flags, ...args, file], {
    env,
    reject: false,
    timeoutMs: LONG,
  });
  if (result.exitCode !== 0) {
    throw new Hop3Error(
      'E_BACKUP_INVALID',
      `pg_restore could not restore ${file}; it ran in one transaction, so nothing was changed`,
      {
        details: scrub(result.all.trim()),
      },
    );
  }
}
