// Addons end to end, over real ssh against the installed hop3 and the servers bootstrap --with started:
// a first push creates the postgres addon hop3.toml declares; mysql and redis are attached with ssh
// commands; the sample app answers with the value it read from each database; backup, delete, restore
// brings it back; detach and destroy (the old credentials stop working).
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  deleteGreeting,
  readGreeting,
  writeGreeting,
  type AddonEnv,
} from '../integration/addons-clients.js';
import {
  appName,
  destroy,
  get,
  hostOf,
  requireE2eEnvironment,
  ssh,
  workingCopy,
  type WorkingCopy,
} from './helpers.js';

before(requireE2eEnvironment);

const app = appName('addons');
const names = {
  postgres: `${app}-postgres`,
  mysql: `${app}-mysql`,
  redis: `${app}-redis`,
} as const;
const TYPES = ['postgres', 'mysql', 'redis'] as const;
const envs: Record<string, AddonEnv> = {};
let wc: WorkingCopy;

async function ok(words: string[]): Promise<string> {
  const r = await ssh(words);
  assert.equal(r.code, 0, `ssh ${words.join(' ')}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

async function reveal(type: (typeof TYPES)[number]): Promise<AddonEnv> {
  envs[type] ??= (
    JSON.parse(await ok(['addons:info', names[type], '--reveal', '--json'])) as { env: AddonEnv }
  ).env;
  return envs[type];
}

/** What the app read from each of its addon variables. */
async function answer(): Promise<Record<string, string | null>> {
  const r = await get(hostOf(app));
  assert.equal(r.status, 200, r.body);
  return JSON.parse(r.body) as Record<string, string | null>;
}

/** The variable through which the app reads each type (mysql's DATABASE_URL is prefixed: postgres came first). */
const variable = {
  postgres: 'DATABASE_URL',
  mysql: `${names.mysql.toUpperCase().replace(/-/g, '_')}_DATABASE_URL`,
  redis: 'REDIS_URL',
} as const;

after(async () => {
  wc.cleanup();
  await destroy(app);
  for (const type of TYPES) {
    await ssh(['addons:destroy', names[type], '--confirm', names[type]]);
    rmSync(`/home/hop3/backups/${names[type]}`, { recursive: true, force: true });
  }
});

describe('addons over ssh with the sample app', () => {
  it('a first push creates and attaches the postgres addon hop3.toml declares, masking its secrets', async () => {
    wc = await workingCopy('addon-node', app);
    const push = await wc.push();
    assert.equal(push.code, 0, push.stderr);
    assert.match(push.stderr, new RegExp(`Creating postgres addon ${names.postgres}`));
    assert.match(
      push.stderr,
      /Attached .* as DATABASE_URL, PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD/,
    );
    const password = (await reveal('postgres')).PGPASSWORD ?? '';
    assert.ok(password.length >= 20);
    assert.ok(!push.stderr.includes(password), 'the password is not in the push output');
    const release = /Deployed \S+ v(\d+)/.exec(push.stderr)?.[1] ?? '';
    assert.ok(
      !readFileSync(`/home/hop3/apps/${app}/meta/${release}.build.log`, 'utf8').includes(password),
      'nor in the build log',
    );
    assert.deepEqual(await answer(), { DATABASE_URL: null });
  });

  it('attaches a mysql and a redis addon with ssh commands (the app restarts with them)', async () => {
    for (const type of ['mysql', 'redis'] as const) {
      await ok(['addons:create', type, names[type]]);
      const attached = await ok(['addons:attach', names[type], app]);
      assert.match(attached, new RegExp(`Attached ${names[type]} to ${app} as ${variable[type]}`));
    }
    assert.deepEqual(Object.keys(await answer()).sort(), Object.values(variable).sort());
  });

  it('the app answers with the value it read from each database', async () => {
    for (const type of TYPES) await writeGreeting(type, await reveal(type), `hello from ${type}`);
    const read = await answer();
    for (const type of TYPES)
      assert.equal(read[variable[type]], `hello from ${type}`, JSON.stringify(read));
  });

  it('backup, delete, restore: the value is back', async () => {
    const backups: Record<string, string> = {};
    for (const type of TYPES)
      backups[type] = (await ok(['addons:backup', names[type]])).trim().split('\n').at(-1) ?? '';
    for (const type of TYPES) await deleteGreeting(type, await reveal(type));
    for (const type of TYPES) assert.equal((await answer())[variable[type]], null);
    for (const type of TYPES) await ok(['addons:restore', names[type], backups[type] ?? '']);
    const read = await answer();
    for (const type of TYPES)
      assert.equal(read[variable[type]], `hello from ${type}`, JSON.stringify(read));
  });

  it('detach removes the variables, destroy removes the database and the user', async () => {
    for (const type of TYPES) await ok(['addons:detach', names[type], app]);
    assert.deepEqual(await answer(), {});
    for (const type of TYPES) {
      await ok(['addons:destroy', names[type], '--confirm', names[type]]);
      await assert.rejects(
        readGreeting(type, await reveal(type)),
        /failed/,
        `${type}: the old credentials no longer work`,
      );
    }
  });
});
