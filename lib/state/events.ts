// The events table (migration events-001-log): who did what and when, newest kept within the retention.
import type { Db } from './db.js';

/** One recorded event. `summary` never holds a secret (config changes name keys, never values). */
export interface EventRecord {
  id: number;
  /** ISO 8601 UTC. */
  at: string;
  /** The app it concerns, or null for host-wide events (keys, tokens, plugins). */
  app: string | null;
  /** Who: the ssh key, `token:NAME`, or the local user. */
  actor: string;
  /** The command (`config:set`) or pipeline step (`deploy`). */
  action: string;
  summary: string;
}

/** An event to record. */
export type NewEvent = Omit<EventRecord, 'id' | 'at'> & { at?: string };

/** How much of the log is kept: the newest `keepPerApp` events of each app (and of the host), none older than `keepDays` (0: no bound). */
export interface EventRetention {
  keepPerApp: number;
  keepDays: number;
}

/** Which events to read. */
export interface EventQuery {
  /** Only this app's events. */
  app?: string;
  /** Only events of these apps (a limited caller's scope): host-wide events are left out. */
  apps?: readonly string[];
  /** Only events after this id (following). */
  afterId?: number;
  /** At most this many, the newest (default 50). */
  limit?: number;
}

type Row = EventRecord;

/** Queries and changes on the event log. */
export function createEventsRepo(db: Db) {
  const insert = db.prepare<[string, string | null, string, string, string]>(
    'INSERT INTO events (at, app, actor, action, summary) VALUES (?, ?, ?, ?, ?)',
  );
  const pruneApp = db.prepare<[string | null, string | null, number]>(
    'DELETE FROM events WHERE app IS ? AND id <= (SELECT id FROM events WHERE app IS ? ORDER BY id DESC LIMIT 1 OFFSET ?)',
  );
  const pruneOld = db.prepare<[string]>('DELETE FROM events WHERE at < ?');
  return {
    /** Records an event, then applies the retention (in one transaction); returns its id. */
    record(event: NewEvent, retention?: EventRetention): number {
      return db.transaction(() => {
        const at = event.at ?? new Date().toISOString();
        const id = Number(
          insert.run(at, event.app, event.actor, event.action, event.summary).lastInsertRowid,
        );
        if (retention && retention.keepPerApp > 0)
          pruneApp.run(event.app, event.app, retention.keepPerApp);
        if (retention && retention.keepDays > 0)
          pruneOld.run(new Date(Date.now() - retention.keepDays * 86_400_000).toISOString());
        return id;
      })();
    },
    /** The newest events matching the query, oldest first. */
    list(query: EventQuery = {}): EventRecord[] {
      const where: string[] = ['id > ?'];
      const params: (string | number)[] = [query.afterId ?? 0];
      if (query.app !== undefined) {
        where.push('app = ?');
        params.push(query.app);
      }
      if (query.apps !== undefined) {
        where.push('app IN (SELECT value FROM json_each(?))');
        params.push(JSON.stringify(query.apps));
      }
      params.push(query.limit ?? 50);
      const rows = db
        .prepare<(string | number)[], Row>(
          `SELECT id, at, app, actor, action, summary FROM events WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ?`,
        )
        .all(...params);
      return rows.reverse();
    },
  };
}

/** The events repository. */
export type EventsRepo = ReturnType<typeof createEventsRepo>;
