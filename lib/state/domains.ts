// The domains table: extra host names an app answers to besides <app>.<domain>.
import { Hop3Error } from '../errors.js';
import type { Db } from './db.js';

/** Queries and changes on domains. */
export function createDomainsRepo(db: Db) {
  return {
    list(appId: number): string[] {
      return db
        .prepare<[number], { hostname: string }>('SELECT hostname FROM domains WHERE app_id = ? ORDER BY hostname')
        .all(appId)
        .map((r) => r.hostname);
    },
    add(appId: number, hostname: string): void {
      const owner = db.prepare<[string], { app_id: number }>('SELECT app_id FROM domains WHERE hostname = ?').get(hostname);
      if (owner && owner.app_id !== appId) {
        throw new Hop3Error('E_INVALID_VALUE', `domain ${hostname} already belongs to another app`);
      }
      db.prepare('INSERT OR IGNORE INTO domains (app_id, hostname) VALUES (?, ?)').run(appId, hostname);
    },
    remove(appId: number, hostname: string): boolean {
      return db.prepare('DELETE FROM domains WHERE app_id = ? AND hostname = ?').run(appId, hostname).changes > 0;
    },
  };
}

/** The domains repository. */
export type DomainsRepo = ReturnType<typeof createDomainsRepo>;
