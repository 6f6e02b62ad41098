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

/** Runs every migration not yet applied, in order, each in its own transaction. */
export function migrate(db: Db): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)',
  );
  const applied = new Set(
    db
      .prepare<[], { name: string }>('SELECT name FROM schema_migrations')
      .all()
      .map((r) => r.name),
  );
  // Databases made before migrations had names counted them in user_version (only 001-initial existed).
  if (applied.size === 0 && (db.pragma('user_version', { simple: true }) as number) >= 1)
    applied.add('001-initial');
  const record = db.prepare(
    'INSERT OR IGNORE INTO schema_migrations (name, applied_at) VALUES (?, ?)',
  );
  for (const m of MIGRATIONS) {
    if (applied.has(m.name)) {
      record.run(m.name, new Date().toISOString());
      continue;
    }
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.name, new Date().toISOString());
    })();
  }
}

/** What `PRAGMA integrity_check` finds wrong with the database: an empty list when it is sound. */
export function integrityProblems(db: Db): string[] {
  const rows = db.pragma('integrity_check') as { integrity_check: string }[];
  return rows.map((r) => r.integrity_check).filter((line) => line !== 'ok');
}
