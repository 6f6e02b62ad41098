// The access_limited and access_grants tables (migration access-001-scopes): which keys and tokens are
// limited to some apps, and to which. A key or token without a row in access_limited is an admin.
import type { Db } from './db.js';

/** What holds access: an ssh key or an HTTP push token, by name. */
export type PrincipalKind = 'key' | 'token';

/** A limited key or token granted an app. */
export interface Grant {
  kind: PrincipalKind;
  name: string;
  app: string;
}

/** Queries and changes on access scopes. */
export function createAccessRepo(db: Db) {
  const isLimited = db.prepare<[string, string], { one: number }>(
    'SELECT 1 AS one FROM access_limited WHERE kind = ? AND name = ?',
  );
  const appsOf = db.prepare<[string, string], { app: string }>(
    'SELECT p.name AS app FROM access_grants g JOIN apps p ON p.id = g.app_id WHERE g.kind = ? AND g.name = ? ORDER BY p.name',
  );
  return {
    /** The apps a limited key or token may use, or undefined when it is an admin. */
    appsOf(kind: PrincipalKind, name: string): string[] | undefined {
      if (!isLimited.get(kind, name)) return undefined;
      return appsOf.all(kind, name).map((r) => r.app);
    },
    /** Limits a key or token to exactly these apps (by id), in one transaction. */
    limit(kind: PrincipalKind, name: string, appIds: readonly number[]): void {
      db.transaction(() => {
        db.prepare('INSERT OR IGNORE INTO access_limited (kind, name) VALUES (?, ?)').run(
          kind,
          name,
        );
        db.prepare('DELETE FROM access_grants WHERE kind = ? AND name = ?').run(kind, name);
        const grant = db.prepare('INSERT INTO access_grants (kind, name, app_id) VALUES (?, ?, ?)');
        for (const id of new Set(appIds)) grant.run(kind, name, id);
      })();
    },
    /** Makes a key or token an admin again (or forgets a removed one): its limit and grants go. */
    forget(kind: PrincipalKind, name: string): void {
      db.prepare('DELETE FROM access_limited WHERE kind = ? AND name = ?').run(kind, name);
    },
    /** Grants one more app to a limited key or token. Returns false when it already had it. */
    grant(kind: PrincipalKind, name: string, appId: number): boolean {
      return (
        db
          .prepare('INSERT OR IGNORE INTO access_grants (kind, name, app_id) VALUES (?, ?, ?)')
          .run(kind, name, appId).changes > 0
      );
    },
    /** Takes one app away from a limited key or token. Returns false when it did not have it. */
    revoke(kind: PrincipalKind, name: string, appId: number): boolean {
      return (
        db
          .prepare('DELETE FROM access_grants WHERE kind = ? AND name = ? AND app_id = ?')
          .run(kind, name, appId).changes > 0
      );
    },
    /** Every limited key and token (to tell them from admins). */
    limited(): { kind: PrincipalKind; name: string }[] {
      return db
        .prepare<[], { kind: PrincipalKind; name: string }>(
          'SELECT kind, name FROM access_limited ORDER BY kind, name',
        )
        .all();
    },
    /** The limited keys and tokens granted this app. */
    grantsOn(appId: number): Grant[] {
      return db
        .prepare<[number], Grant>(
          'SELECT g.kind, g.name, p.name AS app FROM access_grants g JOIN apps p ON p.id = g.app_id WHERE g.app_id = ? ORDER BY g.kind, g.name',
        )
        .all(appId);
    },
  };
}

/** The access repository. */
export type AccessRepo = ReturnType<typeof createAccessRepo>;
