// One PostgreSQL addon instance: a login role and a database it owns, which no other role may connect to.
import { randomBytes } from 'node:crypto';
import {
  addonIdentifier,
  Hop3Error,
  type AddonCredential,
  type RunCommand,
} from '../../../lib/sdk.js';
import { adminSql, asAddon, ident, requireOk, scrub, type PgAdmin } from './connection.js';
import { scramVerifier } from './scram.js';

/**
 * Creates the role (in one transaction with the admin's membership, which lets it create a database
 * owned by the role), then the database, closed to PUBLIC. Leftovers of a failure are removed by the caller.
 */
export async function createInstance(
  run: RunCommand,
  admin: PgAdmin,
  instance: string,
): Promise<AddonCredential> {
  const id = ident(addonIdentifier(instance));
  const password = randomBytes(24).toString('base64url');
  const role = await adminSql(
    run,
    admin,
    `CREATE ROLE ${id} LOGIN PASSWORD '${scramVerifier(password)}';\nGRANT ${id} TO CURRENT_USER;\n`,
    {
      transaction: true,
    },
  );
  requireOk(role, `create the role ${id}`);
  const db = await adminSql(
    run,
    admin,
    `CREATE DATABASE ${id} OWNER ${id} ENCODING 'UTF8' TEMPLATE template0;\nREVOKE ALL ON DATABASE ${id} FROM PUBLIC;\n`,
  );
  requireOk(db, `create the database ${id}`);
  const name = addonIdentifier(instance);
  const credential: AddonCredential = {
    addonType: 'postgres',
    instance,
    values: { host: admin.host, port: String(admin.port), database: name, user: name, password },
  };
  const login = await run(
    'psql',
    ['-X', '-q', '-A', '-t', ...asAddon(credential).args, '-c', 'SELECT 1'],
    { env: asAddon(credential).env, reject: false },
  );
  if (login.exitCode !== 0) {
    throw new Hop3Error(
      'E_ADDON_SERVER',
      `the new role ${name} cannot log in to PostgreSQL at ${admin.host}:${admin.port}`,
      {
        details: scrub(login.all.trim()),
        hint: 'pg_hba.conf must allow password (scram-sha-256) logins from 127.0.0.1, as Debian does by default',
      },
    );
  }
  return credential;
}

/** Drops the database (closing its sessions) and the role; idempotent, and works from the instance name alone. */
export async function dropInstance(
  run: RunCommand,
  admin: PgAdmin,
  instance: string,
): Promise<void> {
  const id = ident(addonIdentifier(instance));
  const result = await adminSql(
    run,
    admin,
    `DROP DATABASE IF EXISTS ${id} WITH (FORCE);\nDROP ROLE IF EXISTS ${id};\n`,
  );
  requireOk(result, `drop the database and role ${id}`);
}

/** Server version and database size, read with the addon's own role; `status` says whether it answers. */
export async function describeInstance(
  run: RunCommand,
  credential: AddonCredential,
): Promise<Record<string, string> & { status: string }> {
  const { args, env } = asAddon(credential);
  const sql =
    "SELECT current_setting('server_version') || '|' || pg_size_pretty(pg_database_size(current_database()))";
  const result = await run('psql', ['-X', '-q', '-A', '-t', ...args, '-c', sql], {
    env,
    reject: false,
    timeoutMs: 15_000,
  });
  if (result.exitCode !== 0)
    return { status: `unavailable: ${scrub(result.all.trim().split('\n')[0] ?? '')}` };
  const [version = '', size = ''] = result.stdout.trim().split('|');
  return {
    status: 'available',
    server: `PostgreSQL ${version}`,
    size,
    database: credential.values.database ?? '',
  };
}
