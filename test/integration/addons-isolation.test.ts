// Isolation: two apps, each with a postgres, a mysql and a redis addon. App A's credentials are refused
// by app B's database, tables and keys (and the other way round).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startStack, type Stack } from '../helpers/stack.js';
import { query, readGreeting, writeGreeting, type AddonEnv } from './addons-clients.js';
import { removeAllAddons, startAddonServers } from './addons-servers.js';

const TYPES = ['postgres', 'mysql', 'redis'] as const;
let stack: Stack;
const envs: Record<string, AddonEnv> = {};

before(async () => {
  stack = await startStack();
  await startAddonServers(stack.home);
  for (const app of ['shop-a', 'shop-b']) {
    assert.equal((await stack.hop3(['apps:create', app])).code, 0);
    for (const type of TYPES) {
      const name = `${app}-${type}`;
      const created = await stack.hop3(['addons:create', type, name, '--app', app]);
      assert.equal(created.code, 0, created.stderr);
      const info = await stack.hop3(['addons:info', name, '--reveal', '--json']);
      envs[name] = (JSON.parse(info.stdout) as { env: AddonEnv }).env;
      await writeGreeting(type, envs[name], `secret of ${app}`);
    }
  }
});
after(async () => {
  await removeAllAddons((args) => stack.hop3(args));
  await stack.stop();
});

describe("one app's addon credentials cannot read another app's data", () => {
  it("postgres: A cannot connect to B's database", async () => {
    const a = envs['shop-a-postgres'] ?? {};
    const b = envs['shop-b-postgres'] ?? {};
    const r = await query(
      'postgres',
      { ...a, PGDATABASE: b.PGDATABASE ?? '' },
      "SELECT value FROM greetings WHERE name = 'greeting'",
    );
    assert.notEqual(r.exitCode, 0);
    assert.match(r.stderr, /permission denied for database "hop3_shop_b_postgres"/);
    assert.doesNotMatch(r.stdout, /secret of shop-b/);
    assert.equal(await readGreeting('postgres', a), 'secret of shop-a');
  });

  it("mysql: A cannot read B's tables, nor open B's database", async () => {
    const a = envs['shop-a-mysql'] ?? {};
    const read = await query('mysql', a, 'SELECT value FROM hop3_shop_b_mysql.greetings');
    assert.notEqual(read.exitCode, 0);
    assert.match(read.stderr, /denied/i);
    const use = await query('mysql', a, 'SELECT 1', 'hop3_shop_b_mysql');
    assert.notEqual(use.exitCode, 0);
    assert.match(use.stderr, /Access denied for user 'hop3_shop_a_mysql'/);
    assert.doesNotMatch(read.stdout + use.stdout, /secret of shop-b/);
  });

  it("redis: A's password does not open B's server", async () => {
    const a = new URL(envs['shop-a-redis']?.REDIS_URL ?? '');
    const b = new URL(envs['shop-b-redis']?.REDIS_URL ?? '');
    assert.notEqual(a.port, b.port, 'one redis-server per addon');
    b.password = a.password;
    await assert.rejects(readGreeting('redis', { REDIS_URL: b.href }), /WRONGPASS|NOAUTH/);
    assert.equal(await readGreeting('redis', envs['shop-a-redis'] ?? {}), 'secret of shop-a');
  });

  it('each app sees only its own addons', async () => {
    const config = await stack.hop3(['config', 'shop-a']);
    assert.match(config.stdout, /\(shop-a-postgres\)/);
    assert.doesNotMatch(config.stdout, /shop-b/);
  });
});
