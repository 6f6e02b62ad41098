// How the mysql plugin reaches MariaDB: as its admin user over the unix socket (unix_socket
// authentication, no password), and as an addon's own user over TCP with its password in MYSQL_PWD.
import { userInfo } from 'node:os';
import {
  Hop3Error,
  readAddonServer,
  type AddonCredential,
  type Paths,
  type RunCommand,
  type RunResult,
} from '../../../lib/sdk.js';

/** The admin connection `hop3 setup --with mysql` recorded, or the defaults. */
export interface MyAdmin {
  socket: string;
  /** The admin user: the OS user hop3 runs as (unix_socket authentication). */
  user: string;
  /** The address and port apps connect to. */
  host: string;
  port: number;
}

/** The recorded admin connection, else Debian's defaults with the current OS user as admin. */
export function myAdmin(paths: Paths): MyAdmin {
  const r = readAddonServer(paths, 'mysql') ?? {};
  return {
    socket: typeof r.socket === 'string' ? r.socket : '/run/mysqld/mysqld.sock',
    user: typeof r.user === 'string' ? r.user : userInfo().username,
    host: typeof r.host === 'string' ? r.host : '127.0.0.1',
    port: typeof r.port === 'number' ? r.port : 3306,
  };
}

const CLIENT = [
  '--no-defaults',
  '--connect-timeout=5',
  '--default-character-set=utf8mb4',
  '--batch',
  '--skip-column-names',
];

/** Runs SQL (on stdin) as the admin user; returns the client's result. */
export function adminSql(run: RunCommand, admin: MyAdmin, sql: string): Promise<RunResult> {
  return run(
    'mariadb',
    [...CLIENT, '--protocol=socket', `--socket=${admin.socket}`, `--user=${admin.user}`],
    { input: sql, reject: false, timeoutMs: 120_000 },
  );
}

/** Hides password hashes in text the client echoed back. */
export const scrub = (text: string): string =>
  text.replace(/PASSWORD '\*[0-9A-F]+'/g, "PASSWORD '*****'");

/** True when the client's output says it could not reach the server at all. */
export const unreachable = (output: string): boolean =>
  /Can't connect|No such file|Connection refused|Lost connection|server has gone away|\((2002|2003|2006|2013)\)/i.test(
    output,
  );

/** Throws a failed admin statement: E_ADDON_SERVER when the server is gone, else E_COMMAND_FAILED with MariaDB's words. */
export function requireOk(result: RunResult, what: string): string {
  if (result.exitCode === 0) return result.stdout;
  const details = scrub(result.all.trim());
  if (unreachable(details)) {
    throw new Hop3Error('E_ADDON_SERVER', `MariaDB stopped answering (while trying to ${what})`, {
      details,
      hint: 'start it as root: hop3 setup --with mysql',
    });
  }
  throw new Hop3Error('E_COMMAND_FAILED', `MariaDB refused to ${what}`, { details });
}

/** Client options and environment for a program run as the addon's own user. */
export function asAddon(credential: AddonCredential): {
  args: string[];
  env: Record<string, string>;
} {
  const v = credential.values;
  return {
    args: [
      '--protocol=tcp',
      `--host=${v.host ?? '127.0.0.1'}`,
      `--port=${v.port ?? '3306'}`,
      `--user=${v.user ?? ''}`,
    ],
    env: { MYSQL_PWD: v.password ?? '' },
  };
}

/** The client options every command uses (no option files, a connect timeout, plain output). */
export const clientOptions = CLIENT;

/** A backquoted identifier for a name addonIdentifier() made (only a-z, 0-9, "_"). */
export function ident(id: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(id))
    throw new Hop3Error('E_INVALID_NAME', `unsafe SQL identifier ${JSON.stringify(id)}`);
  return `\`${id}\``;
}

/** The same database name for GRANT, where "_" and "%" are wildcards: escaped, so it names only that database. */
export function grantDb(id: string): string {
  return ident(id).replace(/_/g, '\\_');
}

/** The two accounts of an addon user: MariaDB tells TCP clients from 127.0.0.1 as `localhost` or `127.0.0.1`. */
export const accounts = (id: string): string => `'${id}'@'localhost', '${id}'@'127.0.0.1'`;
