// The sqlite addon, the embedded default: no server, a database file in the data directory of the app it
// is created for (`--app`, or hop3.toml [[addons]]). Apps get DATABASE_URL=sqlite:////abs/path and
// DATABASE_PATH. Backups use SQLite's online backup API, so they are consistent while the app writes.
import Database from 'better-sqlite3';
import { chmodSync, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { appSandbox, defineAddon, Hop3Error, type AppSandbox } from '../../../lib/sdk.js';

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
    throw new Hop3Error(
      'E_BACKUP_INVALID',
      `${file} is not a sound SQLite database; nothing was changed`,
      {
        details: error instanceof Error ? error.message : String(error),
        hint: 'use a file written by addons:backup of a sqlite addon',
      },
    );
  }
}

/** The files of a database: the file itself and SQLite's companions. */
const databaseFiles = (path: string): string[] =>
  ['', '-wal', '-shm', '-journal'].map((suffix) => `${path}${suffix}`);

/** Creates an empty database file as the app's own user (an empty file is a valid, empty SQLite database). */
async function createAsApp(sandbox: AppSandbox, file: string): Promise<void> {
  try {
    await sandbox.files([{ op: 'write', path: file, content: '', mode: 0o600, exclusive: true }]);
  } catch (error) {
    if (error instanceof Error && error.message.includes('already exists')) {
      throw new Hop3Error('E_ADDON_EXISTS', `${file} already exists`, {
        hint: 'pick another addon name',
      });
    }
    throw error;
  }
}

/** Backups and restores read the app's private data directory, which hop3 cannot do on a host with app users. */
function notWithAppUsers(what: string): Hop3Error {
  return new Hop3Error(
    'E_NOT_ALLOWED',
    `sqlite ${what} is not available yet on a host where apps run as their own users`,
    {
      hint: "copy the file from the app with its own process, e.g. a release command or 'run'",
    },
  );
}

export default defineAddon('sqlite', (deps) => {
  const { paths } = deps;
  const isolated = (app: string | undefined): AppSandbox | undefined => {
    if (app === undefined) return undefined;
    const sandbox = appSandbox(deps, app);
    return sandbox.user === undefined ? undefined : sandbox;
  };
  const appOf = (path: string | undefined): string | undefined => {
    if (path === undefined || !path.startsWith(`${paths.apps}/`)) return undefined;
    return path.slice(paths.apps.length + 1).split('/')[0];
  };
  return {
    description:
      "SQLite: a database file in the app's data directory, no server (DATABASE_URL=sqlite:///...)",
    backupExtension: 'sqlite3',
    check: () => Promise.resolve(),
    create(request) {
      if (request.app === undefined) {
        return Promise.reject(
          new Hop3Error(
            'E_USAGE',
            `a sqlite addon is a file in an app's data directory: say which app`,
            {
              hint: `addons:create sqlite ${request.instance} --app APP`,
            },
          ),
        );
      }
      const dir = paths.data(request.app);
      const file = join(dir, `${request.instance}.sqlite3`);
      const sandbox = isolated(request.app);
      if (sandbox)
        return createAsApp(sandbox, file).then(() => ({
          addonType: 'sqlite',
          instance: request.instance,
          values: { path: file },
        }));
      if (existsSync(file)) {
        return Promise.reject(
          new Hop3Error('E_ADDON_EXISTS', `${file} already exists`, {
            hint: 'pick another addon name',
          }),
        );
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
      return Promise.resolve({
        addonType: 'sqlite',
        instance: request.instance,
        values: { path: file },
      });
    },
    attach: (_app, { values }) => ({
      DATABASE_URL: `sqlite:///${values.path ?? ''}`,
      DATABASE_PATH: values.path ?? '',
    }),
    async destroy({ values }) {
      // A failed creation leaves nothing (it removes its file), so an empty credential has nothing to remove.
      if (values.path === undefined) return;
      const sandbox = isolated(appOf(values.path));
      if (sandbox)
        await sandbox.files(databaseFiles(values.path).map((path) => ({ op: 'remove', path })));
      else for (const path of databaseFiles(values.path)) rmSync(path, { force: true });
    },
    async backup({ values }, file) {
      if (isolated(appOf(values.path))) throw notWithAppUsers('backup');
      const db = new Database(values.path ?? '', { readonly: true, fileMustExist: true });
      try {
        await db.backup(file);
      } finally {
        db.close();
      }
    },
    async restore({ values }, file) {
      if (isolated(appOf(values.path))) throw notWithAppUsers('restore');
      const source = openChecked(file);
      try {
        await source.backup(values.path ?? '');
      } finally {
        source.close();
      }
    },
    async info({ values }) {
      const sandbox = isolated(appOf(values.path));
      if (sandbox && values.path !== undefined) {
        const stat = await sandbox.run('/usr/bin/stat', ['-c', '%s', values.path], {
          reject: false,
        });
        return stat.exitCode === 0
          ? { status: 'available', file: values.path, size: `${stat.stdout.trim()} bytes` }
          : { status: `unavailable: ${values.path} is missing` };
      }
      const size =
        values.path === undefined
          ? undefined
          : statSync(values.path, { throwIfNoEntry: false })?.size;
      return size === undefined
        ? { status: `unavailable: ${values.path ?? '?'} is missing` }
        : { status: 'available', file: values.path ?? '', size: `${size} bytes` };
    },
  };
});
