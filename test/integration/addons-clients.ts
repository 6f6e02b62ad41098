// Database clients for the addon tests: write and read a "greeting" with an addon's own credentials
// (taken from `addons:info --reveal --json`), through psql, mariadb and redis-cli.
import { run, type RunResult } from '../../lib/proc/run.js';

/** The variables an addon gives an app (unprefixed), as `addons:info --reveal --json` shows them. */
export type AddonEnv = Record<string, string>;

const TABLE = 'CREATE TABLE IF NOT EXISTS greetings (name VARCHAR(64) PRIMARY KEY, value TEXT)';

function pgRun(env: AddonEnv, sql: string): Promise<RunResult> {
  return run(
    'psql',
    [
      '-X',
      '-q',
      '-A',
      '-t',
      '-v',
      'ON_ERROR_STOP=1',
      '-h',
      env.PGHOST ?? '',
      '-p',
      env.PGPORT ?? '',
      '-U',
      env.PGUSER ?? '',
      '-d',
      env.PGDATABASE ?? '',
      '-c',
      sql,
    ],
    {
      env: { PGPASSWORD: env.PGPASSWORD ?? '', PGCONNECT_TIMEOUT: '5' },
      reject: false,
    },
  );
}

function myRun(
  env: AddonEnv,
  sql: string,
  database = env.MYSQL_DATABASE ?? '',
): Promise<RunResult> {
  return run(
    'mariadb',
    [
      '--no-defaults',
      '--protocol=tcp',
      '-h',
      env.MYSQL_HOST ?? '',
      '-P',
      env.MYSQL_PORT ?? '',
      '-u',
      env.MYSQL_USER ?? '',
      '-N',
      '-B',
      '-D',
      database,
      '-e',
      sql,
    ],
    {
      env: { MYSQL_PWD: env.MYSQL_PASSWORD ?? '' },
      reject: false,
    },
  );
}

function redisRun(env: AddonEnv, args: string[]): Promise<RunResult> {
  const url = new URL(env.REDIS_URL ?? '');
  return run('redis-cli', ['--no-auth-warning', '-h', url.hostname, '-p', url.port, ...args], {
    env: { REDISCLI_AUTH: decodeURIComponent(url.password) },
    reject: false,
  });
}

/** Runs one statement (SQL, or redis-cli words split on spaces) with the addon's credentials. */
export function query(
  type: string,
  env: AddonEnv,
  statement: string,
  database?: string,
): Promise<RunResult> {
  if (type === 'postgres') return pgRun(env, statement);
  if (type === 'mysql') return myRun(env, statement, database);
  return redisRun(env, statement.split(' '));
}

/** Stores `value` under "greeting". */
export async function writeGreeting(type: string, env: AddonEnv, value: string): Promise<void> {
  const r =
    type === 'redis'
      ? await redisRun(env, ['set', 'greeting', value])
      : await query(
          type,
          env,
          `${TABLE}; DELETE FROM greetings WHERE name = 'greeting'; INSERT INTO greetings VALUES ('greeting', '${value}')`,
        );
  if (r.exitCode !== 0 || /ERR|WRONGPASS|NOAUTH/.test(r.stdout))
    throw new Error(`writing to ${type} failed: ${r.all}`);
}

/** The value under "greeting" ('' when there is none); throws with the client's words when it fails. */
export async function readGreeting(type: string, env: AddonEnv): Promise<string> {
  const r =
    type === 'redis'
      ? await redisRun(env, ['get', 'greeting'])
      : await query(type, env, `${TABLE}; SELECT value FROM greetings WHERE name = 'greeting'`);
  if (
    r.exitCode !== 0 ||
    /^(ERR|WRONGPASS|NOAUTH)/m.test(r.stdout) ||
    /WRONGPASS|NOAUTH|Connection refused/.test(r.stderr)
  ) {
    throw new Error(`reading ${type} failed: ${r.all.trim()}`);
  }
  return r.stdout.trim();
}

/** Deletes the greeting. */
export async function deleteGreeting(type: string, env: AddonEnv): Promise<void> {
  const r =
    type === 'redis'
      ? await redisRun(env, ['del', 'greeting'])
      : await query(type, env, "DELETE FROM greetings WHERE name = 'greeting'");
  if (r.exitCode !== 0) throw new Error(`deleting from ${type} failed: ${r.all}`);
}
