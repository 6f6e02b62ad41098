// Addons against real servers: create -> attach (the app restarts with the variables) -> backup ->
// data deleted -> restore -> the value is back -> detach -> destroy (the old credentials stop working).
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { startStack, type Stack } from '../helpers/stack.js';
import { deleteGreeting, readGreeting, writeGreeting, type AddonEnv } from './addons-clients.js';
import { removeAllAddons, startAddonServers } from './addons-servers.js';

/** A web app that answers with the names of its addon variables and the host of each URL. */
const ENV_APP = {
  'package.json': '{ "name": "envapp", "version": "1.0.0", "private": true }\n',
  Procfile: 'web: node server.js\n',
  'server.js': `require('node:http').createServer((req, res) => {
  const vars = Object.keys(process.env).filter((k) => /(DATABASE_URL|REDIS_URL|^PG|^MYSQL_)/.test(k)).sort();
  res.end(JSON.stringify(vars));
}).listen(Number(process.env.PORT), '127.0.0.1');
`,
};

let stack: Stack;
before(async () => {
  stack = await startStack();
  await startAddonServers(stack.home);
  const copy = await stack.app('web', ENV_APP);
  const push = await copy.push();
  assert.equal(push.code, 0, push.stderr);
});
after(async () => {
  await removeAllAddons((args) => stack.hop3(args));
  await stack.stop();
});

async function ok(args: string[]): Promise<string> {
  const r = await stack.hop3(args);
  assert.equal(r.code, 0, `hop3 ${args.join(' ')}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

async function revealed(name: string): Promise<AddonEnv> {
  return (JSON.parse(await ok(['addons:info', name, '--reveal', '--json'])) as { env: AddonEnv })
    .env;
}

const appVars = async (): Promise<string[]> =>
  JSON.parse((await stack.get('web')).body) as string[];

const KEYS = { postgres: 'PGPASSWORD', mysql: 'MYSQL_PASSWORD', redis: 'REDIS_URL' } as const;

for (const type of ['postgres', 'mysql', 'redis'] as const) {
  describe(`the ${type} addon through its life`, () => {
    const name = `life-${type}`;
    let env: AddonEnv;
    let backup: string;

    it('is created on its server and attached: the app restarts with its variables', async () => {
      const created = await ok(['addons:create', type, name]);
      assert.match(created, new RegExp(`Creating ${type} addon ${name}`));
      const attached = await ok(['addons:attach', name, 'web']);
      assert.match(attached, /Attached life-\w+ to web as /);
      assert.match(attached, /Releasing web v\d+ \(Attach life-\w+\)/);
      env = await revealed(name);
      const key = type === 'redis' ? 'REDIS_URL' : 'DATABASE_URL';
      assert.ok((await appVars()).includes(key), `${key} in ${JSON.stringify(await appVars())}`);
      await writeGreeting(type, env, `hello from ${type}`);
      assert.equal(await readGreeting(type, env), `hello from ${type}`);
    });

    it('never shows the password unless asked: info, config and the attach output mask it', async () => {
      const secret =
        type === 'redis'
          ? decodeURIComponent(new URL(env.REDIS_URL ?? '').password)
          : (env[KEYS[type]] ?? '');
      assert.ok(secret.length >= 20, 'a strong random password');
      const info = await ok(['addons:info', name]);
      assert.doesNotMatch(info, new RegExp(secret));
      assert.match(info, /\*\*\*\*\*/);
      assert.match(info, /status: +available/);
      const config = await ok(['config', 'web']);
      assert.match(config, /addon vars/);
      assert.doesNotMatch(config, new RegExp(secret));
      const listed = await ok(['addons']);
      assert.match(listed, new RegExp(`${name}\\s+${type}\\s+web\\s+available`));
    });

    it('backs up, and a restore brings deleted data back', async () => {
      const out = await ok(['addons:backup', name]);
      backup = out.trim().split('\n').at(-1) ?? '';
      assert.match(
        backup,
        new RegExp(`/backups/${name}/${name}-\\d{8}-\\d{6}-\\d{3}\\.(dump|sql|rdb)$`),
      );
      assert.equal(statSync(backup).mode & 0o777, 0o600);
      await deleteGreeting(type, env);
      assert.equal(await readGreeting(type, env), '');
      await ok(['addons:restore', name, backup]);
      assert.equal(await readGreeting(type, env), `hello from ${type}`);
    });

    it('is detached: the app restarts without its variables, the data stays', async () => {
      await ok(['addons:detach', name, 'web']);
      const key = type === 'redis' ? 'REDIS_URL' : 'DATABASE_URL';
      assert.ok(!(await appVars()).includes(key));
      assert.equal(await readGreeting(type, env), `hello from ${type}`);
    });

    it('is destroyed only with --confirm, and then its credentials stop working', async () => {
      const refused = await stack.hop3(['addons:destroy', name]);
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /needs --confirm life-/);
      assert.equal(await readGreeting(type, env), `hello from ${type}`);
      await ok(['addons:destroy', name, '--confirm', name]);
      await assert.rejects(readGreeting(type, env), /failed/);
      assert.doesNotMatch(await ok(['addons']), new RegExp(name));
      assert.ok(statSync(backup).isFile(), 'backups are kept');
    });
  });
}

describe("the sqlite addon: a file in the app's data directory", () => {
  it('is created for an app, attached, backed up, restored and destroyed', async () => {
    const Database = (await import('better-sqlite3')).default;
    const created = await ok(['addons:create', 'sqlite', 'notes', '--app', 'web']);
    assert.match(created, /Attached notes to web as DATABASE_URL, DATABASE_PATH/);
    const env = await revealed('notes');
    assert.equal(env.DATABASE_URL, `sqlite:///${stack.home}/apps/web/data/notes.sqlite3`);
    assert.ok((await appVars()).includes('DATABASE_URL'));
    const path = env.DATABASE_PATH ?? '';
    const write = (sql: string): void => {
      const db = new Database(path);
      db.exec(sql);
      db.close();
    };
    const read = (): unknown => {
      const db = new Database(path, { readonly: true });
      const row = db.prepare("SELECT value FROM greetings WHERE name = 'greeting'").get() as
        { value: string } | undefined;
      db.close();
      return row?.value;
    };
    write(
      "CREATE TABLE greetings (name TEXT PRIMARY KEY, value TEXT); INSERT INTO greetings VALUES ('greeting', 'hello from sqlite')",
    );
    const backup = (await ok(['addons:backup', 'notes'])).trim().split('\n').at(-1) ?? '';
    write('DELETE FROM greetings');
    assert.equal(read(), undefined);
    await ok(['addons:restore', 'notes', backup.split('/').at(-1) ?? '']);
    assert.equal(read(), 'hello from sqlite');
    await ok(['addons:detach', 'notes', 'web']);
    await ok(['addons:destroy', 'notes', '--confirm', 'notes']);
    assert.ok(!existsSync(path));
  });
});

describe('several addons giving the same variables to one app', () => {
  it('the first is unprefixed, a further one gets its name or --as as prefix, and a clash is refused', async () => {
    await ok(['apps:create', 'multi']);
    await ok(['addons:create', 'postgres', 'main-db', '--app', 'multi']);
    const second = await ok(['addons:create', 'mysql', 'reports', '--app', 'multi']);
    assert.match(second, /Attached reports to multi as REPORTS_DATABASE_URL, REPORTS_MYSQL_HOST/);
    await ok(['addons:create', 'redis', 'cache']);
    assert.match(
      await ok(['addons:attach', 'cache', 'multi', '--as', 'JOBS']),
      /as JOBS_REDIS_URL/,
    );
    await ok(['addons:create', 'redis', 'cache2']);
    const clash = await stack.hop3(['addons:attach', 'cache2', 'multi', '--as', 'JOBS']);
    assert.equal(clash.code, 2);
    assert.match(clash.stderr, /JOBS_REDIS_URL is already given to multi by addon cache/);
    const config = await ok(['config', 'multi']);
    for (const key of ['DATABASE_URL:', 'REPORTS_DATABASE_URL:', 'JOBS_REDIS_URL:'])
      assert.match(config, new RegExp(`^${key}`, 'm'));
    assert.doesNotMatch(config, /cache2/);
  });

  it('--app with a failing attach leaves no addon behind', async () => {
    const r = await stack.hop3([
      'addons:create',
      'redis',
      'cache3',
      '--app',
      'multi',
      '--as',
      'JOBS',
    ]);
    assert.equal(r.code, 2, r.stderr);
    assert.doesNotMatch(await ok(['addons']), /cache3/);
  });
});
