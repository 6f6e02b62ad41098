// How the postgres plugin reaches PostgreSQL: as its admin role over the unix socket (peer authentication,
// no password), and as an addon's own role over TCP with its password in PGPASSWORD (never on argv).
import { userInfo } from 'node:os';
import {
  Hop3Error,
  readAddonServer,
  type AddonCredential,
  type Paths,
  type RunCommand,
  type RunResult,
} from '../../../lib/sdk.js';

/** The admin connection `hop3 setup --with postgres` recorded, or the defaults. */
export interface PgAdmin {
  socketDir: string;
  port: number;
  /** The admin role: the OS user hop3 runs as (peer authentication). */
  user: string;
  /** The address apps connect to. */
  host: string;
}

/** The recorded admin connection, else Debian's defaults with the current OS user as admin role. */
export function pgAdmin(paths: Paths): PgAdmin {
  const r = readAddonServer(paths, 'postgres') ?? {};
  return {
    socketDir: typeof r.socketDir === 'string' ? r.socketDir : '/var/run/postgresql',
    port: typeof r.port === 'number' ? r.port : 5432,
    user: typeof r.user === 'string' ? r.user : userInfo().username,
    host: typeof r.host === 'string' ? r.host : '127.0.0.1',
  };
}

const ENV = { PGCONNECT_TIMEOUT: '5', PGAPPNAME: 'hop3' };

/** Hides SCRAM verifiers in text psql echoed back (an error quotes the statement). */
export const scrub = (text: string): string =>
  text.replace(/SCRAM-SHA-256\$[^'\s]+/g, 'SCRAM-SHA-256$*****');

/** Runs SQL (on stdin) as the admin role in the `postgres` database; returns psql's result. */
export function adminSql(
  run: RunCommand,
  admin: PgAdmin,
  sql: string,
  options: { transaction?: boolean } = {},
): Promise<RunResult> {
  const args = [
    '-X',
    '-q',
    '-A',
    '-t',
    '-v',
    'ON_ERROR_STOP=1',
    '-h',
    admin.socketDir,
    '-p',
    String(admin.port),
    '-U',
    admin.user,
    '-d',
    'postgres',
  ];
  if (options.transaction) args.push('--single-transaction');
  return run('psql', args, { input: sql, env: ENV, reject: false, timeoutMs: 120_000 });
}

/** True when psql's output says it could not reach the server at all. */
export const unreachable = (output: string): boolean =>
  /No such file|Connection refused|could not connect|timeout expired|server closed the connection/i.test(
    output,
  );

/** Throws a failed admin statement: E_ADDON_SERVER when the server is gone, else E_COMMAND_FAILED with psql's words. */
export function requireOk(result: RunResult, what: string): string {
  if (result.exitCode === 0) return result.stdout;
  const details = scrub(result.all.trim());
  if (unreachable(details)) {
    throw new Hop3Error(
      'E_ADDON_SERVER',
      `PostgreSQL stopped answering (while trying to ${what})`,
      { details, hint: 'start it as root: hop3 setup --with postgres' },
    );
  }
  throw new Hop3Error('E_COMMAND_FAILED', `PostgreSQL refused to ${what}`, { details });
}

/** Connection options and environment for a program run as the addon's own role. */
export function asAddon(credential: AddonCredential): {
  args: string[];
  env: Record<string, string>;
} {
  const v = credential.values;
  return {
    args: [
      '-h',
      v.host ?? '127.0.0.1',
      '-p',
      v.port ?? '5432',
      '-U',
      v.user ?? '',
      '-d',
      v.database ?? '',
    ],
    env: { ...ENV, PGPASSWORD: v.password ?? '' },
  };
}

/** A double-quoted SQL identifier for a name addonIdentifier() made (only a-z, 0-9, "_"). */
export function ident(id: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(id))
    throw new Hop3Error('E_INVALID_NAME', `unsafe SQL identifier ${JSON.stringify(id)}`);
  return `"${id}"`;
}
