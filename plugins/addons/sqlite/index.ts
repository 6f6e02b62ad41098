// The sqlite addon, the embedded default: no server, a database file in the data directory of the app it
// is created for (`--app`, or hop3.toml [[addons]]). Apps get DATABASE_URL=sqlite:////abs/path and
// DATABASE_PATH. Backups use SQLite's online backup API, so they are consistent while the app writes.
import Database from 'better-sqlite3';
import { chmodSync, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { defineAddon, Hop3Error } from '../../../lib/sdk.js';

/** Opens a file read-only and checks it is a sound SQLite database, else E_BACKUP_INVALID. */
function openChecked(file: string): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const result = db.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new Error(String(result));
    return db;
  } catch (error) {
    db?.close();
    throw new Hop3Error('E_BACKUP_INVALID', `${file} is not a sound SQLite database; nothing was changed`, {
      details: error instanceof Error ? error.message : String(error),
      hint: 'use a file written by addons:backup of a sqlite addon',
    });
  }
}

export default defineAddon('sqlite', ({ paths }) => ({
  description: "SQLite: a database file in the app's data directory, no server (DATABASE_URL=sqlite:///...)",
  backupExtension: 'sqlite3',
  check: () => Promise.resolve(),
  create(request) {
    if (request.app === undefined) {
      return Promise.reject(
        new Hop3Error('E_USAGE', `a sqlite addon is a file in an app's data directory: say which app`, {
          hint: `addons:create sqlite ${request.instance} --app APP`,
        }),
      );
    }
    const dir = paths.data(request.app);
    const file = join(dir, `${request.instance}.sqlite3`);
    if (existsSync(file)) {
      return Promise.reject(new Hop3Error('E_ADDON_EXISTS', `${file} already exists`, { hint: 'pick another addon name' }));
    }
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    try {
      const db = new Database(file);
      db.pragma('journal_mode = WAL');
      db.close();
      chmodSync(file, 0o600);
    } catch (error) {
      rmSync(file, { force: true });
      throw error;
    }
    return Promise.resolve({ addonType: 'sqlite', instance: request.instance, values: { path: file } });
  },
  attach: (_app, { values }) => ({ DATABASE_URL: `sqlite:///${values.path ?? ''}`, DATABASE_PATH: values.path ?? '' }),
  destroy({ values }) {
    // A failed creation leaves nothing (it removes its file), so an empty credential has nothing to remove.
    if (values.path !== undefined) for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${values.path}${suffix}`, { force: true });
    return Promise.resolve();
  },
  async backup({ values }, file) {
    const db = new Database(values.path ?? '', { readonly: true, fileMustExist: true });
    try {
      await db.backup(file);
    } finally {
      db.close();
    }
  },
  async restore({ values }, file) {
    const source = openChecked(file);
    try {
      await source.backup(values.path ?? '');
    } finally {
      source.close();
    }
  },
  info({ values }) {
    const size = values.path === undefined ? undefined : statSync(values.path, { throwIfNoEntry: false })?.size;
    return Promise.resolve(
      size === undefined ? { status: `unavailable: ${values.path ?? '?'} is missing` } : { status: 'available', file: values.path ?? '', size: `${size} bytes` },
    );
  },
}));
