// The postgres addon: per instance, a PostgreSQL database and a login role that owns it and nothing else.
// Apps get DATABASE_URL (postgres://...) and PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD.
import { defineAddon } from '../../../lib/sdk.js';
import { checkPostgres } from './check.js';
import { pgAdmin } from './connection.js';
import { dumpTo, restoreFrom } from './dump.js';
import { createInstance, describeInstance, dropInstance } from './instance.js';
import { postgresServer } from './server.js';

export default defineAddon('postgres', ({ run, paths, which }) => ({
  description: 'PostgreSQL: a database and a role owning it, per addon (DATABASE_URL, PG*)',
  backupExtension: 'dump',
  server: postgresServer(run),
  check: () => checkPostgres({ run, which }, pgAdmin(paths)),
  async create(request) {
    const admin = pgAdmin(paths);
    try {
      return await createInstance(run, admin, request.instance);
    } catch (error) {
      // Best effort: when this fails too (server gone), hop3 retries it at the next addons command.
      await dropInstance(run, admin, request.instance).catch(() => undefined);
      throw error;
    }
  },
  attach(_app, { values: v }) {
    const url = `postgres://${encodeURIComponent(v.user ?? '')}:${encodeURIComponent(v.password ?? '')}@${v.host ?? ''}:${v.port ?? ''}/${v.database ?? ''}`;
    return {
      DATABASE_URL: url,
      PGHOST: v.host ?? '',
      PGPORT: v.port ?? '',
      PGDATABASE: v.database ?? '',
      PGUSER: v.user ?? '',
      PGPASSWORD: v.password ?? '',
    };
  },
  destroy: (credential) => dropInstance(run, pgAdmin(paths), credential.instance),
  backup: (credential, file) => dumpTo(run, credential, file),
  restore: (credential, file) => restoreFrom(run, credential, file),
  info: (credential) => describeInstance(run, credential),
}));
