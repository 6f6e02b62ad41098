// The formation table: how many instances of each process type an app runs (default 1).
import type { Db } from './db.js';

/** Queries and changes on the formation. */
export function createFormationRepo(db: Db) {
  return {
    /** Instance counts set for an app (process types not listed run 1 instance). */
    all(appId: number): Record<string, number> {
      const rows = db
        .prepare<[number], { process: string; quantity: number }>(
          'SELECT process, quantity FROM formation WHERE app_id = ?',
        )
        .all(appId);
      return Object.fromEntries(rows.map((r) => [r.process, r.quantity]));
    },
    set(appId: number, counts: Record<string, number>): void {
      const upsert = db.prepare(
        'INSERT INTO formation (app_id, process, quantity) VALUES (?, ?, ?) ON CONFLICT (app_id, process) DO UPDATE SET quantity = excluded.quantity',
      );
      db.transaction(() => {
        for (const [p, q] of Object.entries(counts)) upsert.run(appId, p, q);
      })();
    },
  };
}

/** The formation repository. */
export type FormationRepo = ReturnType<typeof createFormationRepo>;
