// The formation table: how many instances of each process type `ps:scale` set (others: formationFor's defaults).
import type { Db } from './db.js';

/** Queries and changes on the formation. */
export function createFormationRepo(db: Db) {
  return {
    /** Instance counts set for an app (process types not listed run their default count). */
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
    /** Forgets the counts of these process types (they run their default count again). */
    unset(appId: number, processes: readonly string[]): void {
      const remove = db.prepare('DELETE FROM formation WHERE app_id = ? AND process = ?');
      db.transaction(() => {
        for (const p of processes) remove.run(appId, p);
      })();
    },
  };
}

/** The formation repository. */
export type FormationRepo = ReturnType<typeof createFormationRepo>;
