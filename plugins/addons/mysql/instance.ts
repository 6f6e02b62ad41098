// One MariaDB addon instance: a utf8mb4 database and a user with every privilege on it and on nothing else.
import { createHash, randomBytes } from 'node:crypto';
import {
  addonIdentifier,
  Hop3Error,
  type AddonCredential,
  type RunCommand,
} from '../../../lib/sdk.js';
import {
  accounts,
  adminSql,
  asAddon,
  clientOptions,
  grantDb,
  ident,
  requireOk,
  scrub,
  type MyAdmin,
} from './connection.js';

/** MariaDB's mysql_native_password hash, so the password itself never reaches the server or its logs. */
export function nativePasswordHash(password: string): string {
  const sha1 = (data: Buffer | string): Buffer => createHash('sha1').update(data).digest();
  return `*${sha1(sha1(password)).toString('hex').toUpperCase()}`;
}

/** Creates the database, then the user with its grant; the caller removes the leftovers of a failure. */
export async function createInstance(
  run: RunCommand,
  admin: MyAdmin,
  instance: string,
): Promise<AddonCredential> {
  const name = addonIdentifier(instance);
  const id = ident(name);
  const password = randomBytes(24).toString('base64url');
  requireOk(
    await adminSql(
      run,
      admin,
      `CREATE DATABASE ${id} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;\n`,
    ),
    `create the database ${name}`,
  );
  const hash = nativePasswordHash(password);
  const user = `CREATE USER '${name}'@'localhost' IDENTIFIED BY PASSWORD '${hash}', '${name}'@'127.0.0.1' IDENTIFIED BY PASSWORD '${hash}';
GRANT ALL PRIVILEGES ON ${grantDb(name)}.* TO ${accounts(name)};\n`;
  requireOk(await adminSql(run, admin, user), `create the user ${name}`);
  const credential: AddonCredential = {
    addonType: 'mysql',
    instance,
    values: { host: admin.host, port: String(admin.port), database: name, user: name, password },
  };
  const { args, env } = asAddon(credential);
  const login = await run(
    'mariadb',
    [...clientOptions, ...args, `--database=${name}`, '--execute=SELECT 1'],
    { env, reject: false },
  );
  if (login.exitCode !== 0) {
    throw new Hop3Error(
      'E_ADDON_SERVER',
      `the new user ${name} cannot log in to MariaDB at ${admin.host}:${admin.port}`,
      {
        details: scrub(login.all.trim()),
        hint: 'MariaDB must listen on 127.0.0.1 (bind-address), as Debian configures it',
      },
    );
  }
  return credential;
}

/** Drops the user (no new sessions), then the database; idempotent, works from the instance name alone. */
export async function dropInstance(
  run: RunCommand,
  admin: MyAdmin,
  instance: string,
): Promise<void> {
  const name = addonIdentifier(instance);
  const sql = `DROP USER IF EXISTS ${accounts(name)};\nSET SESSION lock_wait_timeout = 30;\nDROP DATABASE IF EXISTS ${ident(name)};\n`;
  requireOk(await adminSql(run, admin, sql), `drop the user and database ${name}`);
}

/** Server version and data size, read with the addon's own user; `status` says whether it answers. */
export async function describeInstance(
  run: RunCommand,
  credential: AddonCredential,
): Promise<Record<string, string> & { status: string }> {
  const { args, env } = asAddon(credential);
  const sql =
    "SELECT CONCAT(VERSION(), '|', COALESCE(SUM(data_length + index_length), 0)) FROM information_schema.tables WHERE table_schema = DATABASE()";
  const result = await run(
    'mariadb',
    [
      ...clientOptions,
      ...args,
      `--database=${credential.values.database ?? ''}`,
      `--execute=${sql}`,
    ],
    {
      env,
      reject: false,
      timeoutMs: 15_000,
    },
  );
  if (result.exitCode !== 0)
    return { status: `unavailable: ${result.all.trim().split('\n')[0] ?? ''}` };
  const [version = '', bytes = '0'] = result.stdout.trim().split('|');
  return {
    status: 'available',
    server: `MariaDB ${version}`,
    size: `${bytes} bytes`,
    database: credential.values.database ?? '',
  };
}
