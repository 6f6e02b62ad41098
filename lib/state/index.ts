// The state: one database handle and its repositories.
import { createAccessRepo } from './access.js';
import { createAddonsRepo } from './addons.js';
import { createAppsRepo } from './apps.js';
import { createConfigRepo } from './config-vars.js';
import { openDb, type Db } from './db.js';
import { createDomainsRepo } from './domains.js';
import { createEventsRepo } from './events.js';
import { createFormationRepo } from './formation.js';
import { createReleasesRepo } from './releases.js';
import { createTokensRepo } from './tokens.js';

/** The opened state: the database and its repositories. */
export interface State {
  db: Db;
  apps: ReturnType<typeof createAppsRepo>;
  releases: ReturnType<typeof createReleasesRepo>;
  config: ReturnType<typeof createConfigRepo>;
  domains: ReturnType<typeof createDomainsRepo>;
  formation: ReturnType<typeof createFormationRepo>;
  tokens: ReturnType<typeof createTokensRepo>;
  access: ReturnType<typeof createAccessRepo>;
  addons: ReturnType<typeof createAddonsRepo>;
  events: ReturnType<typeof createEventsRepo>;
  transaction<T>(fn: () => T): T;
  close(): void;
}

/** Opens the database file and builds every repository over it. */
export function openState(file: string): State {
  const db: Db = openDb(file);
  return {
    db,
    apps: createAppsRepo(db),
    releases: createReleasesRepo(db),
    config: createConfigRepo(db),
    domains: createDomainsRepo(db),
    formation: createFormationRepo(db),
    tokens: createTokensRepo(db),
    access: createAccessRepo(db),
    addons: createAddonsRepo(db),
    events: createEventsRepo(db),
    /** Runs `fn` in one transaction. */
    transaction<T>(fn: () => T): T {
      return db.transaction(fn)();
    },
    close(): void {
      db.close();
    },
  };
}
