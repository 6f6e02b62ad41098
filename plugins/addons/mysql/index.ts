// The mysql addon (MariaDB on Debian): per instance, a utf8mb4 database and a user with privileges on it
// only. Apps get DATABASE_URL (mysql://...) and MYSQL_HOST, MYSQL_PORT, MYSQL_DATABASE, MYSQL_USER, MYSQL_PASSWORD.
import { defineAddon } from '../../../lib/sdk.js';
import { checkMysql } from './check.js';
import { myAdmin } from './connection.js';
import { dumpTo, restoreFrom } from './dump.js';
import { createInstance, describeInstance, dropInstance } from './instance.js';
import { mysqlServer } from './server.js';

export default defineAddon('mysql', ({ run, paths, which }) => ({
  description:
    'MariaDB: a utf8mb4 database and a user limited to it, per addon (DATABASE_URL, MYSQL_*)',
  backupExtension: 'sql',
  server: mysqlServer(run),
  check: () => checkMysql({ run, which }, myAdmin(paths)),
  async create(request) {
    const admin = myAdmin(paths);
    try {
      return await createInstance(run, admin, request.instance);
    } catch (error) {
      // Best effort: when this fails too (server gone), hop3 retries it at the next addons command.
      await dropInstance(run, admin, request.instance).catch(() => undefined);
      throw error;
    }
  },
  attach(_app, { values: v }) {
    const url = `mysql://${encodeURIComponent(v.user ?? '')}:${encodeURIComponent(v.password ?? '')}@${v.host ?? ''}:${v.port ?? ''}/${v.database ?? ''}`;
    return {
      DATABASE_URL: url,
      MYSQL_HOST: v.host ?? '',
      MYSQL_PORT: v.port ?? '',
      MYSQL_DATABASE: v.database ?? '',
      MYSQL_USER: v.user ?? '',
      MYSQL_PASSWORD: v.password ?? '',
    };
  },
  destroy: (credential) => dropInstance(run, myAdmin(paths), credential.instance),
  backup: (credential, file) => dumpTo(run, credential, file),
  restore: (credential, file) => restoreFrom(run, credential, file, paths.backups),
  info: (credential) => describeInstance(run, credential),
}));
