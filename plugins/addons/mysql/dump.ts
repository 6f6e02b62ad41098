// Backups as SQL from mariadb-dump, made and restored with the addon's own user. MariaDB cannot undo
// DDL, so a restore first checks the file is a whole dump, keeps a dump of the current data, and loads
// that one back if the restore fails: all of it, or nothing.
import { closeSync, mkdirSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Hop3Error, type AddonCredential, type RunCommand } from '../../../lib/sdk.js';
import { asAddon, clientOptions, scrub } from './connection.js';

const LONG = 60 * 60_000;
const SAFE_PATH = /^\/[A-Za-z0-9_./+-]+$/;

/** Writes an SQL dump of the addon's database to `file`. */
export async function dumpTo(
  run: RunCommand,
  credential: AddonCredential,
  file: string,
): Promise<void> {
  const { args, env } = asAddon(credential);
  const flags = [
    '--no-defaults',
    '--single-transaction',
    '--routines',
    '--triggers',
    '--no-tablespaces',
    '--hex-blob',
    '--default-character-set=utf8mb4',
  ];
  const result = await run(
    'mariadb-dump',
    [...flags, ...args, `--result-file=${file}`, credential.values.database ?? ''],
    { env, reject: false, timeoutMs: LONG },
  );
  if (result.exitCode !== 0)
    throw new Hop3Error('E_COMMAND_FAILED', 'mariadb-dump failed', {
      details: scrub(result.all.trim()),
    });
}

/** The first and last kilobyte of a file. */
function ends(file: string): { head: string; tail: string } {
  const size = statSync(file).size;
  const fd = openSync(file, 'r');
  try {
    const read = (position: number): string => {
      const buffer = Buffer.alloc(Math.min(1024, size));
      const n = readSync(fd, buffer, 0, buffer.length, position);
      return buffer.subarray(0, n).toString('latin1');
    };
    return { head: read(0), tail: read(Math.max(0, size - 1024)) };
  } finally {
    closeSync(fd);
  }
}

/** Throws E_BACKUP_INVALID unless `file` starts like a mariadb-dump/mysqldump file and ends with its completion line. */
export function checkDump(file: string): void {
  const { head, tail } = ends(file);
  const why = !/^-- (MariaDB|MySQL) dump/m.test(head)
    ? 'it does not start like a mariadb-dump file'
    : !/^-- Dump completed/m.test(tail)
      ? 'it is truncated (no "Dump completed" line at the end)'
      : undefined;
  if (why !== undefined) {
    throw new Hop3Error(
      'E_BACKUP_INVALID',
      `${file} is not a usable MariaDB backup: ${why}; nothing was changed`,
      {
        hint: 'use a file written by addons:backup of a mysql addon',
      },
    );
  }
}

async function load(run: RunCommand, credential: AddonCredential, file: string): Promise<void> {
  if (!SAFE_PATH.test(file))
    throw new Hop3Error(
      'E_INVALID_VALUE',
      `cannot load ${JSON.stringify(file)}: use a path of letters, digits, "/", ".", "_", "-"`,
    );
  const { args, env } = asAddon(credential);
  const result = await run(
    'mariadb',
    [
      ...clientOptions,
      '--abort-source-on-error',
      ...args,
      `--database=${credential.values.database ?? ''}`,
      `--execute=source ${file}`,
    ],
    {
      env,
      reject: false,
      timeoutMs: LONG,
    },
  );
  if (result.exitCode !== 0)
    throw new Hop3Error('E_BACKUP_INVALID', `MariaDB could not load ${file}`, {
      details: scrub(result.all.trim()),
    });
}

/** Replaces the tables in the dump; on failure the data saved just before (in `scratchDir`) is loaded back. */
export async function restoreFrom(
  run: RunCommand,
  credential: AddonCredential,
  file: string,
  scratchDir: string,
): Promise<void> {
  checkDump(file);
  mkdirSync(scratchDir, { recursive: true, mode: 0o700 });
  const saved = join(scratchDir, `.${credential.instance}-before-restore-${process.pid}.sql`);
  await dumpTo(run, credential, saved);
  try {
    await load(run, credential, file);
  } catch (error) {
    try {
      await load(run, credential, saved);
    } catch (undo) {
      throw new Hop3Error(
        'E_COMMAND_FAILED',
        `the restore failed, and so did putting the data back; it is saved in ${saved}`,
        { cause: undo },
      );
    }
    rmSync(saved, { force: true });
    if (error instanceof Hop3Error)
      throw new Hop3Error(error.code, `${error.message}; the data was put back as it was`, {
        details: error.details,
      });
    throw error;
  }
  rmSync(saved, { force: true });
}
