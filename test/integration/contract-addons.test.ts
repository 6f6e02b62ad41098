// The addon contract (test/contracts/addon.ts) for every built-in addon, against real servers: PostgreSQL
// and MariaDB started as `hop3 setup --with` does, Redis instances under a private uWSGI emperor, SQLite
// files, and the external example addon of docs/addons.md. A new addon is tested by adding it here; what only
// one addon does stays in addons*.test.ts.
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { INSTALL_ROOT } from '../../lib/install-root.js';
import type { Addon, PluginDefinition } from '../../lib/sdk.js';
import mysql from '../../plugins/addons/mysql/index.js';
import postgres from '../../plugins/addons/postgres/index.js';
import redis from '../../plugins/addons/redis/index.js';
import sqlite from '../../plugins/addons/sqlite/index.js';
import { addonContract, type AddonClient, type AddonHost } from '../contracts/addon.js';
import { startEmperor } from '../helpers/emperor.js';
import { readGreeting, writeGreeting } from './addons-clients.js';
import { pluginDeps, startAddonServers } from './addons-servers.js';

/** A fresh home with no server. */
function plainHome(): Promise<AddonHost> {
  const home = mkdtempSync(join(tmpdir(), 'hop3-contract-addon-'));
  return Promise.resolve({
    home,
    deps: pluginDeps(home),
    stop: () => {
      rmSync(home, { recursive: true, force: true });
      return Promise.resolve();
    },
  });
}

/** A fresh home where PostgreSQL and MariaDB run with this OS user as hop3's admin. */
async function serversHome(): Promise<AddonHost> {
  const home = mkdtempSync(join(tmpdir(), 'hop3-contract-addon-'));
  await startAddonServers(home);
  return {
    home,
    deps: pluginDeps(home),
    stop: () => {
      rmSync(home, { recursive: true, force: true });
      return Promise.resolve();
    },
  };
}

/** The greeting through the database client of `type` (psql, mariadb, redis-cli). */
const serverClient = (type: 'postgres' | 'mysql' | 'redis'): AddonClient => ({
  write: (env, value) => writeGreeting(type, env, value),
  read: (env) => readGreeting(type, env),
});

addonContract({
  addon: postgres,
  name: 'postgres',
  start: serversHome,
  client: serverClient('postgres'),
});

addonContract({ addon: mysql, name: 'mysql', start: serversHome, client: serverClient('mysql') });

addonContract({
  addon: redis,
  name: 'redis',
  async start() {
    const emperor = await startEmperor();
    return {
      home: emperor.home,
      deps: { ...pluginDeps(emperor.home), settings: emperor.settings },
      stop: () => emperor.stop(),
    };
  },
  client: serverClient('redis'),
});

addonContract({
  addon: sqlite,
  name: 'sqlite',
  start: plainHome,
  client: {
    // eslint-disable-next-line @typescript-eslint/require-await -- better-sqlite3 is synchronous: a failure must reject
    async write(env, value) {
      const db = new Database(env.DATABASE_PATH ?? '', { fileMustExist: true });
      db.exec('CREATE TABLE IF NOT EXISTS greetings (name TEXT PRIMARY KEY, value TEXT)');
      db.prepare("INSERT OR REPLACE INTO greetings VALUES ('greeting', ?)").run(value);
      db.close();
    },
    // eslint-disable-next-line @typescript-eslint/require-await -- as write
    async read(env) {
      const db = new Database(env.DATABASE_PATH ?? '', { fileMustExist: true });
      db.exec('CREATE TABLE IF NOT EXISTS greetings (name TEXT PRIMARY KEY, value TEXT)');
      const row = db.prepare("SELECT value FROM greetings WHERE name = 'greeting'").get() as
        { value: string } | undefined;
      db.close();
      return row?.value ?? '';
    },
  },
});

// The example addon plugin of docs/addons.md, loaded as an external plugin is (it imports hop3/sdk).
const example = join(INSTALL_ROOT, 'test', 'fixtures', 'apps', 'addon-plugin-files', 'index.js');
const files = ((await import(pathToFileURL(example).href)) as { default: PluginDefinition<Addon> })
  .default;

addonContract({
  addon: files,
  name: 'files',
  start: plainHome,
  client: {
    // eslint-disable-next-line @typescript-eslint/require-await -- a missing directory must reject
    async write(env, value) {
      writeFileSync(join(env.FILES_DIR ?? '', 'greeting'), value);
    },
    // eslint-disable-next-line @typescript-eslint/require-await -- as write
    async read(env) {
      const dir = env.FILES_DIR ?? '';
      if (!existsSync(dir)) throw new Error(`${dir} is gone`);
      return existsSync(join(dir, 'greeting')) ? readFileSync(join(dir, 'greeting'), 'utf8') : '';
    },
  },
});
