// Real PostgreSQL and MariaDB for the addon integration tests, started through the addon plugins' own
// server setup (what `hop3 setup --with` runs), with this test process's OS user as hop3's admin; Redis
// needs no server (each addon runs its own under the stack's emperor). A missing binary fails the tests.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { createReporter } from '../../lib/output/reporter.js';
import { createPaths } from '../../lib/paths.js';
import { run } from '../../lib/proc/run.js';
import { which } from '../../lib/proc/which.js';
import type { Addon, PluginDeps } from '../../lib/sdk.js';
import { DEFAULT_SETTINGS } from '../../lib/settings.js';
import { TEMPLATES_DIR } from '../../lib/install-root.js';
import { createRenderer } from '../../lib/templates/render.js';
import mysql from '../../plugins/addons/mysql/index.js';
import postgres from '../../plugins/addons/postgres/index.js';
import redis from '../../plugins/addons/redis/index.js';
import sqlite from '../../plugins/addons/sqlite/index.js';
import uwsgiDeployer from '../../plugins/deployers/uwsgi/index.js';

const BINARIES = [
  'psql',
  'pg_dump',
  'pg_restore',
  'pg_ctlcluster',
  'mariadb',
  'mariadb-dump',
  'mariadb-admin',
  'redis-server',
  'redis-cli',
  'redis-check-rdb',
];

/** The plugin dependencies for a home (output collected in `output`). */
export function pluginDeps(home: string, output: string[] = [], runner = run): PluginDeps {
  const deps: PluginDeps = {
    run: runner,
    render: createRenderer(TEMPLATES_DIR),
    log: createReporter({ write: (c: string) => output.push(c) }),
    paths: createPaths(home),
    settings: DEFAULT_SETTINGS,
    which: (b) => which(b),
  };
  // The supervise service as the container gives it: the default supervisor's (the uwsgi deployer).
  const supervise = uwsgiDeployer(deps).supervise;
  return supervise ? { ...deps, supervise } : deps;
}

/** The four addon plugins over a home, optionally with another command runner (to inject faults). */
export function addonPlugins(
  home: string,
  runner = run,
): Record<'postgres' | 'mysql' | 'redis' | 'sqlite', Addon> {
  const deps = pluginDeps(home, [], runner);
  return { postgres: postgres(deps), mysql: mysql(deps), redis: redis(deps), sqlite: sqlite(deps) };
}

/** Starts PostgreSQL and MariaDB (if needed) and records this OS user as hop3's admin in `home`. */
export async function startAddonServers(home: string): Promise<void> {
  const missing = BINARIES.filter((b) => which(b) === undefined);
  if (missing.length > 0)
    throw new Error(
      `${missing.join(', ')} not installed: scripts/test-packages.sh installs them (scripts/test-packages.d/addons.list)`,
    );
  const manager = existsSync('/run/systemd/system') ? 'systemd' : 'direct';
  const plugins = addonPlugins(home);
  const user = userInfo().username;
  const records: Record<string, unknown> = {};
  for (const type of ['postgres', 'mysql'] as const) {
    const server = plugins[type].server;
    if (!server) throw new Error(`the ${type} plugin has no server setup`);
    await server.start(manager);
    records[type] = await server.grantAdmin(user);
  }
  const dir = join(home, 'addons');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, 'servers.json'), JSON.stringify(records), { mode: 0o600 });
}

/** Detaches and destroys every addon of a test home (for after() hooks). */
export async function removeAllAddons(
  hop3: (args: string[]) => Promise<{ code: number; stdout: string }>,
): Promise<void> {
  const listed = await hop3(['addons', '--json']);
  if (listed.code !== 0) return;
  for (const addon of JSON.parse(listed.stdout) as { name: string; apps: string[] }[]) {
    for (const app of addon.apps)
      await hop3(['addons:detach', addon.name, app.split(' ')[0] ?? '', '--no-restart']);
    await hop3(['addons:destroy', addon.name, '--confirm', addon.name]);
  }
}

/** Stops the system's PostgreSQL or MariaDB (the tests start it again with restartServer). */
export async function stopServer(type: 'postgres' | 'mysql'): Promise<void> {
  await run('service', [type === 'postgres' ? 'postgresql' : 'mariadb', 'stop'], {
    timeoutMs: 120_000,
  });
}

/** Starts a server stopped by stopServer, through the plugin's own setup. */
export async function restartServer(home: string, type: 'postgres' | 'mysql'): Promise<void> {
  await addonPlugins(home)[type].server?.start(
    existsSync('/run/systemd/system') ? 'systemd' : 'direct',
  );
}

/** Whether the server still has a database, role or user named `id` (asked as the admin). */
export async function serverHas(
  type: 'postgres' | 'mysql',
  id: string,
): Promise<{ database: boolean; user: boolean }> {
  if (type === 'postgres') {
    const sql = `SELECT (SELECT count(*) FROM pg_database WHERE datname = '${id}') || ' ' || (SELECT count(*) FROM pg_roles WHERE rolname = '${id}')`;
    const r = await run('psql', [
      '-X',
      '-A',
      '-t',
      '-h',
      '/var/run/postgresql',
      '-d',
      'postgres',
      '-c',
      sql,
    ]);
    const [db, role] = r.stdout.trim().split(' ');
    return { database: db !== '0', user: role !== '0' };
  }
  const sql = `SELECT (SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = '${id}'), (SELECT COUNT(*) FROM mysql.user WHERE user = '${id}')`;
  const r = await run('mariadb', ['--no-defaults', '-N', '-B', '-u', 'root', '-e', sql]);
  const [db, user] = r.stdout.trim().split(/\s+/);
  return { database: db !== '0', user: user !== '0' };
}
