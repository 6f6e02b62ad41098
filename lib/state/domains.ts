// The domains table: extra host names an app answers to besides <app>.<domain>, each owned by one app.
import { Hop3Error } from '../errors.js';
import type { Db } from './db.js';

/** Where a domain was given: `domains:add` ("cli") or the [domains] of the running release's hop3.toml ("toml"). */
export type DomainSource = 'cli' | 'toml';

/** A domain and the app that owns it. */
export interface DomainOwner {
  hostname: string;
  app: string;
  source: DomainSource;
}

/** E_DOMAIN_TAKEN naming the app that owns `hostname` (or "another app", for a caller who may not see it). */
export function domainTaken(hostname: string, owner: string | undefined): Hop3Error {
  const who = owner === undefined ? 'another app' : `the app "${owner}"`;
  return new Hop3Error('E_DOMAIN_TAKEN', `domain ${hostname} is already served by ${who}`, {
    hint:
      owner === undefined
        ? 'only one app serves a name: ask an admin to free it'
        : `only one app serves a name: remove it from "${owner}" first (domains:remove ${owner} ${hostname}, or its hop3.toml [domains])`,
  });
}

/** Queries and changes on domains. */
export function createDomainsRepo(db: Db) {
  const ownerOf = (hostname: string): { app_id: number; app: string } | undefined =>
    db
      .prepare<[string], { app_id: number; app: string }>(
        'SELECT d.app_id, a.name AS app FROM domains d JOIN apps a ON a.id = d.app_id WHERE d.hostname = ?',
      )
      .get(hostname);
  const claim = (appId: number, hostname: string, source: DomainSource): void => {
    const owner = ownerOf(hostname);
    if (owner && owner.app_id !== appId) throw domainTaken(hostname, owner.app);
    db.prepare('INSERT OR IGNORE INTO domains (app_id, hostname, source) VALUES (?, ?, ?)').run(
      appId,
      hostname,
      source,
    );
    if (source === 'cli')
      db.prepare("UPDATE domains SET source = 'cli' WHERE app_id = ? AND hostname = ?").run(
        appId,
        hostname,
      );
  };
  const list = (appId: number, source?: DomainSource): string[] =>
    db
      .prepare<[number], { hostname: string; source: DomainSource }>(
        'SELECT hostname, source FROM domains WHERE app_id = ? ORDER BY hostname',
      )
      .all(appId)
      .filter((r) => source === undefined || r.source === source)
      .map((r) => r.hostname);
  return {
    /** The app's domains, all of them or from one source. */
    list,
    /** The app owning `hostname`, if any. */
    owner(hostname: string): DomainOwner | undefined {
      return db
        .prepare<[string], DomainOwner>(
          'SELECT d.hostname, a.name AS app, d.source FROM domains d JOIN apps a ON a.id = d.app_id WHERE d.hostname = ?',
        )
        .get(hostname);
    },
    /** Gives `hostname` to the app (from the CLI); E_DOMAIN_TAKEN naming the owner when another app has it. */
    add(appId: number, hostname: string): void {
      db.transaction(() => claim(appId, hostname, 'cli'))();
    },
    /**
     * Makes `hostnames` the app's hop3.toml domains, all or none (E_DOMAIN_TAKEN naming the first other
     * owner), dropping the toml domains it no longer lists. Returns the previous list, to put back on failure.
     */
    setToml(appId: number, hostnames: readonly string[]): string[] {
      return db.transaction(() => {
        const previous = list(appId, 'toml');
        db.prepare("DELETE FROM domains WHERE app_id = ? AND source = 'toml'").run(appId);
        for (const hostname of hostnames) claim(appId, hostname, 'toml');
        return previous;
      })();
    },
    remove(appId: number, hostname: string): boolean {
      return (
        db.prepare('DELETE FROM domains WHERE app_id = ? AND hostname = ?').run(appId, hostname)
          .changes > 0
      );
    },
  };
}

/** The domains repository. */
export type DomainsRepo = ReturnType<typeof createDomainsRepo>;
