// The config_vars table: values set with config:set, per app.
import type { Db } from './db.js';

/** Queries and changes on config vars. */
export function createConfigRepo(db: Db) {
  return {
    /** All vars of an app, sorted by key. */
    all(appId: number): Record<string, string> {
      const rows = db
        .prepare<[number], { key: string; value: string }>(
          'SELECT key, value FROM config_vars WHERE app_id = ? ORDER BY key',
        )
        .all(appId);
      return Object.fromEntries(rows.map((r) => [r.key, r.value]));
    },
    get(appId: number, key: string): string | undefined {
      return db
        .prepare<[number, string], { value: string }>(
          'SELECT value FROM config_vars WHERE app_id = ? AND key = ?',
        )
        .get(appId, key)?.value;
    },
    /** Sets several vars in one transaction. */
    set(appId: number, vars: Record<string, string>): void {
      const upsert = db.prepare(
        'INSERT INTO config_vars (app_id, key, value) VALUES (?, ?, ?) ON CONFLICT (app_id, key) DO UPDATE SET value = excluded.value',
      );
      db.transaction(() => {
        for (const [k, v] of Object.entries(vars)) upsert.run(appId, k, v);
      })();
    },
    /** Removes keys; returns those that existed. */
    unset(appId: number, keys: readonly string[]): string[] {
      const del = db.prepare('DELETE FROM config_vars WHERE app_id = ? AND key = ?');
      return db.transaction(() => keys.filter((k) => del.run(appId, k).changes > 0))();
    },
  };
}

/** The config vars repository. */
export type ConfigRepo = ReturnType<typeof createConfigRepo>;
