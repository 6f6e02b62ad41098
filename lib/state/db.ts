// Opens the state database: WAL, a busy timeout, foreign keys, mode 0600, migrations applied.
import Database from 'better-sqlite3';
import { closeSync, openSync } from 'node:fs';
import { MIGRATIONS } from './migrations.js';

/** An open better-sqlite3 handle. */
export type Db = Database.Database;

/** Opens (creating if needed) the database file and brings its schema up to date. */
export function openDb(file: string): Db {
  if (file !== ':memory:') closeSync(openSync(file, 'a', 0o600));
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  migrate(db);
  return db;
}

/** Runs every migration newer than the database's user_version, each in its own transaction. */
export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let n = current + 1; n <= MIGRATIONS.length; n++) {
    const sql = MIGRATIONS[n - 1] ?? '';
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${n}`);
    })();
  }
}
