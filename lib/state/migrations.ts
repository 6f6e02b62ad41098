// Schema migrations, applied in order, each once; the schema_migrations table records which ran.
// Named (not only numbered) so that features developed side by side can each append their own.

/** One schema change. */
export interface Migration {
  /** Unique and stable: "<number>-<what>". Never rename or edit a shipped migration: append a new one. */
  name: string;
  sql: string;
}

/** Every migration, in the order they run. */
export const MIGRATIONS: readonly Migration[] = [
  {
    name: '001-initial',
    sql: `
  CREATE TABLE apps (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    deploy_branch TEXT,
    created_at TEXT NOT NULL,
    current_release INTEGER,
    generation INTEGER NOT NULL DEFAULT 0,
    deployment TEXT,
    stopped INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE releases (
    id INTEGER PRIMARY KEY,
    app_id INTEGER NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    git_sha TEXT,
    status TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
    description TEXT NOT NULL,
    build_number INTEGER,
    config TEXT NOT NULL DEFAULT '{}',
    deployer TEXT,
    pushed_by TEXT,
    build_log TEXT,
    error TEXT,
    created_at TEXT NOT NULL,
    finished_at TEXT,
    UNIQUE (app_id, number)
  );
  CREATE TABLE config_vars (
    app_id INTEGER NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (app_id, key)
  );
  CREATE TABLE domains (
    app_id INTEGER NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    hostname TEXT NOT NULL UNIQUE,
    PRIMARY KEY (app_id, hostname)
  );
  CREATE TABLE formation (
    app_id INTEGER NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    process TEXT NOT NULL,
    quantity INTEGER NOT NULL CHECK (quantity >= 0),
    PRIMARY KEY (app_id, process)
  );
  CREATE TABLE tokens (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    last_used_at TEXT
  );
  `,
  },
  {
    name: '002-release-stage',
    sql: `ALTER TABLE releases ADD COLUMN stage TEXT;`,
  },
  {
    // Addon instances (credential encrypted), which apps they are attached to, and creations that
    // failed half-way whose server-side leftovers are still to be removed.
    name: '003-addons',
    sql: `
  CREATE TABLE addons (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    credential TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE addon_attachments (
    addon_id INTEGER NOT NULL REFERENCES addons(id) ON DELETE CASCADE,
    app_id INTEGER NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    prefix TEXT,
    attached_at TEXT NOT NULL,
    PRIMARY KEY (addon_id, app_id)
  );
  CREATE TABLE addon_cleanups (
    name TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    started_at TEXT NOT NULL,
    error TEXT
  );
  `,
  },
  {
    // Access per app: a key or token listed in access_limited may use only the apps granted to it in
    // access_grants; every other key and token is an admin. Both tables start empty, so the keys and
    // tokens of a host being upgraded stay admins. A limited principal stays limited (with no apps)
    // when its last app is destroyed: the grants go with the app, the row in access_limited stays.
    name: 'access-001-scopes',
    sql: `
  CREATE TABLE access_limited (
    kind TEXT NOT NULL CHECK (kind IN ('key', 'token')),
    name TEXT NOT NULL,
    PRIMARY KEY (kind, name)
  );
  CREATE TABLE access_grants (
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    app_id INTEGER NOT NULL REFERENCES apps(id) ON DELETE CASCADE,
    PRIMARY KEY (kind, name, app_id),
    FOREIGN KEY (kind, name) REFERENCES access_limited(kind, name) ON DELETE CASCADE
  );
  `,
  },
  {
    // Where each domain comes from: "cli" (domains:add) or "toml" (the [domains] of the release that
    // runs). Recording hop3.toml's names too lets the hostname UNIQUE constraint keep one owner per name.
    name: 'static-domains-001',
    sql: `ALTER TABLE domains ADD COLUMN source TEXT NOT NULL DEFAULT 'cli' CHECK (source IN ('cli', 'toml'));`,
  },
  {
    // The event log (`hop3 events`): who did what and when. The app is kept by name, not by id, so an
    // app's history outlives apps:destroy; retention (settings "events") bounds it.
    name: 'events-001-log',
    sql: `
  CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    app TEXT,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    summary TEXT NOT NULL
  );
  CREATE INDEX events_app ON events (app, id);
  CREATE INDEX events_at ON events (at);
  `,
  },
];
