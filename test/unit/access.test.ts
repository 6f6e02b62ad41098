// Access per app: the pure rules, the tables (upgrade keeps everyone admin), and the checks at command dispatch.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  adminScope,
  limitedScope,
  mayManageAddon,
  mayUseApp,
  mayViewAddon,
  requireAddonAccess,
  requireAdmin,
  requireAppAccess,
  visibleApps,
} from '../../lib/access/rules.js';
import { COMMANDS } from '../../lib/cli/commands/index.js';
import { isHop3Error } from '../../lib/errors.js';
import { openState } from '../../lib/state/index.js';
import { MIGRATIONS } from '../../lib/state/migrations.js';
import { tempHome } from '../helpers/cli.js';

const alice = { kind: 'key' as const, name: 'alice' };
const limited = limitedScope(alice, ['web']);
const admin = adminScope({ kind: 'key', name: 'root-key' });

/** The E_FORBIDDEN error `fn` throws. */
function forbidden(fn: () => void): { message: string; hint: string | undefined } {
  try {
    fn();
  } catch (error) {
    if (isHop3Error(error) && error.code === 'E_FORBIDDEN')
      return { message: error.message, hint: error.hint };
    throw error;
  }
  assert.fail('expected E_FORBIDDEN');
}

describe('access rules', () => {
  it('an admin may use every app; a limited key only its own', () => {
    assert.equal(mayUseApp(admin, 'anything'), true);
    assert.equal(mayUseApp(limited, 'web'), true);
    assert.equal(mayUseApp(limited, 'db'), false);
    requireAppAccess(limited, 'web');
    const e = forbidden(() => requireAppAccess(limited, 'db'));
    assert.equal(e.message, 'ssh key "alice" may not use app "db"');
    assert.equal(e.hint, 'an admin can grant access with: access:add db alice');
    const t = forbidden(() =>
      requireAppAccess(limitedScope({ kind: 'token', name: 'ci' }, []), 'db'),
    );
    assert.match(t.hint ?? '', /access:add db ci --token$/);
  });

  it('host, key, token and access commands are for admins', () => {
    requireAdmin(admin, 'tokens:create');
    assert.match(
      forbidden(() => requireAdmin(limited, 'tokens:create')).message,
      /^tokens:create is for admins: ssh key "alice"/,
    );
  });

  it('listings keep only the apps of a limited key', () => {
    const apps = [{ name: 'db' }, { name: 'web' }];
    assert.deepEqual(
      visibleApps(limited, apps, (a) => a.name),
      [{ name: 'web' }],
    );
    assert.deepEqual(
      visibleApps(admin, apps, (a) => a.name),
      apps,
    );
  });

  it("an addon is seen through any of its apps, changed only when all its apps are the caller's", () => {
    assert.equal(mayViewAddon(limited, ['web', 'db']), true);
    assert.equal(mayViewAddon(limited, ['db']), false);
    assert.equal(mayViewAddon(limited, []), false);
    assert.equal(mayManageAddon(limited, ['web']), true);
    assert.equal(mayManageAddon(limited, ['web', 'db']), false);
    assert.equal(mayManageAddon(limited, []), false);
    assert.equal(mayManageAddon(admin, []), true);
    const e = forbidden(() => requireAddonAccess(limited, 'pg', ['db'], false));
    assert.equal(e.message, 'ssh key "alice" may not see addon "pg": it is attached to app "db"');
  });
});

describe('access tables', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hop3-access-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the tokens of an upgraded host admins (migration access-001-scopes)', async () => {
    const Database = (await import('better-sqlite3')).default;
    const file = join(dir, 'old.db');
    const old = new Database(file);
    old.exec('CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
    for (const m of MIGRATIONS.filter((m) => !m.name.startsWith('access-'))) {
      old.exec(m.sql);
      old.prepare('INSERT INTO schema_migrations VALUES (?, ?)').run(m.name, 'then');
    }
    old.prepare("INSERT INTO tokens (name, hash, created_at) VALUES ('ci', 'ab', 'then')").run();
    old.close();
    const state = openState(file);
    assert.ok(MIGRATIONS.some((m) => m.name === 'access-001-scopes'));
    assert.equal(state.access.appsOf('token', 'ci'), undefined, 'admin');
    assert.equal(state.access.appsOf('key', 'anyone'), undefined, 'admin');
    state.close();
  });

  it('limits, grants and revokes; a limited key stays limited when its apps are destroyed', () => {
    const state = openState(join(dir, 'a.db'));
    const web = state.apps.create('web');
    const db = state.apps.create('db');
    state.access.limit('key', 'alice', [web.id]);
    assert.deepEqual(state.access.appsOf('key', 'alice'), ['web']);
    assert.equal(state.access.grant('key', 'alice', db.id), true);
    assert.equal(state.access.grant('key', 'alice', db.id), false);
    assert.deepEqual(state.access.appsOf('key', 'alice'), ['db', 'web']);
    assert.deepEqual(state.access.grantsOn(db.id), [{ kind: 'key', name: 'alice', app: 'db' }]);
    assert.equal(state.access.revoke('key', 'alice', db.id), true);
    state.db.prepare('DELETE FROM apps WHERE id = ?').run(web.id);
    assert.deepEqual(state.access.appsOf('key', 'alice'), [], 'limited, no app: not an admin');
    state.access.forget('key', 'alice');
    assert.equal(state.access.appsOf('key', 'alice'), undefined);
    state.close();
  });

  it('a revoked token takes its limit with it', () => {
    const state = openState(join(dir, 'b.db'));
    const web = state.apps.create('web');
    state.tokens.create('ci');
    state.access.limit('token', 'ci', [web.id]);
    state.tokens.revoke('ci');
    state.tokens.create('ci');
    assert.equal(state.access.appsOf('token', 'ci'), undefined);
    state.close();
  });
});

describe('access at command dispatch', () => {
  const h = tempHome();
  const asAlice = (args: string[]) => h.cli(args, { via: 'ssh', user: 'alice' });
  const pub = join(h.home, 'alice.pub');
  before(async () => {
    writeFileSync(
      pub,
      'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB3mvVXmHdZ4wZ0Qb8DuP1j4yTqk3c5H1qH2Wq0b9Xl alice@laptop\n',
    );
    for (const app of ['web', 'db']) assert.equal((await h.cli(['apps:create', app])).code, 0);
    assert.equal((await h.cli(['config:set', 'db', 'SECRET=s3cret', '--no-restart'])).code, 0);
    const added = await h.cli(['ssh-keys:add', 'alice', pub, '--apps', 'web']);
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /Added ssh key alice \(apps: web\)/);
  });
  after(() => h.cleanup());

  it("refuses another app's config with one line naming the app and how to get access", async () => {
    const r = await asAlice(['config', 'db']);
    assert.equal(r.code, 5);
    assert.equal(r.stdout, '');
    assert.equal(
      r.stderr,
      ' !     ssh key "alice" may not use app "db"\n !     hint: an admin can grant access with: access:add db alice\n',
    );
    assert.equal((await asAlice(['config:get', 'db', 'SECRET'])).code, 5);
    assert.equal(
      (await asAlice(['config:get', 'web', 'NOPE'])).code,
      3,
      'its own app: reaches the command',
    );
  });

  it("domains: a limited key manages its app's names, not another app's, and is not told who owns a name", async () => {
    assert.equal((await h.cli(['domains:add', 'db', 'db.example', '--no-restart'])).code, 0);
    assert.equal((await asAlice(['domains', 'db'])).code, 5);
    assert.equal((await asAlice(['domains:add', 'db', 'x.example', '--no-restart'])).code, 5);
    const taken = await asAlice(['domains:add', 'web', 'db.example', '--no-restart']);
    assert.equal(taken.code, 6);
    assert.match(taken.stderr, /domain db\.example is already served by another app/);
    assert.doesNotMatch(taken.stderr, /"db"/);
    assert.match(
      (await h.cli(['domains:add', 'web', 'db.example', '--no-restart'])).stderr,
      /served by the app "db"/,
    );
    assert.equal(
      (await asAlice(['domains:add', 'web', 'www.web.example', '--no-restart'])).code,
      0,
    );
  });

  it("lists only the key's apps", async () => {
    const r = await asAlice(['apps', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      (JSON.parse(r.stdout) as { name: string }[]).map((a) => a.name),
      ['web'],
    );
    const all = await h.cli(['apps', '--json']);
    assert.deepEqual(
      (JSON.parse(all.stdout) as { name: string }[]).map((a) => a.name),
      ['db', 'web'],
    );
  });

  it('refuses host, token and access commands to a limited key, and lets an admin key run them', async () => {
    for (const args of [
      ['tokens:list'],
      ['tokens:create', 'x'],
      ['tokens:revoke', 'x'],
      ['access', 'web'],
      ['access:add', 'db', 'alice'],
      ['plugins'],
      ['apps:create', 'new'],
      ['apps:destroy', 'web', '--confirm', 'web'],
    ]) {
      const r = await asAlice(args);
      assert.equal(r.code, 5, args.join(' '));
      assert.match(r.stderr, /is for admins/, args.join(' '));
    }
    assert.equal(
      (await h.cli(['tokens:list'], { via: 'ssh', user: 'bob' })).code,
      0,
      'a key with no limit is an admin',
    );
  });

  it('help lists only what a limited key may run', async () => {
    const r = await asAlice(['help']);
    assert.match(r.stdout, /^ {2}config:get /m);
    assert.doesNotMatch(r.stdout, /tokens:|access|apps:create/);
  });

  it('which commands a limited key may run (a new command is for admins until it says otherwise)', () => {
    const open = COMMANDS.filter(
      (c) => !c.internal && c.access !== undefined && c.access !== 'admin',
    )
      .map((c) => c.name)
      .sort();
    assert.deepEqual(open, [
      'addons',
      'addons:attach',
      'addons:backup',
      'addons:create',
      'addons:destroy',
      'addons:detach',
      'addons:info',
      'addons:restore',
      'addons:types',
      'apps',
      'apps:cleanup',
      'apps:info',
      'config',
      'config:get',
      'config:set',
      'config:unset',
      'deploy',
      'domains',
      'domains:add',
      'domains:remove',
      'events',
      'git:set',
      'help',
      'logs',
      'ps',
      'ps:scale',
      'releases',
      'releases:info',
      'restart',
      'rollback',
      'start',
      'stop',
    ]);
  });

  it('access, access:add and access:remove change what a limited key may use', async () => {
    const before = await h.cli(['access', 'db', '--json']);
    assert.deepEqual(JSON.parse(before.stdout), []);
    assert.match(
      (await h.cli(['access:add', 'db', 'alice'])).stdout,
      /ssh key alice may now use db/,
    );
    assert.deepEqual(JSON.parse((await h.cli(['access', 'db', '--json'])).stdout), [
      { kind: 'key', name: 'alice', access: 'app' },
    ]);
    assert.equal((await asAlice(['config:get', 'db', 'SECRET'])).stdout, 's3cret\n');
    assert.match((await h.cli(['ssh-keys:list'])).stdout, /^alice\s.*\sdb,web$/m);
    assert.match((await h.cli(['access:remove', 'db', 'alice'])).stdout, /may no longer use db/);
    assert.equal((await asAlice(['config:get', 'db', 'SECRET'])).code, 5);
  });

  it('refuses access:add for an unknown key or an admin key', async () => {
    const unknown = await h.cli(['access:add', 'db', 'nobody']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no ssh key named "nobody"/);
    await h.cli(['tokens:create', 'ci']);
    const adminToken = await h.cli(['access:add', 'db', 'ci', '--token']);
    assert.match(adminToken.stderr, /token "ci" is an admin/);
  });

  it('a token limited with tokens:create --apps is listed with its apps', async () => {
    const r = await h.cli(['tokens:create', 'deploy-web', '--apps', 'web']);
    assert.equal(r.code, 0, r.stderr);
    assert.match((await h.cli(['tokens:list'])).stdout, /^deploy-web\s+web\s/m);
    assert.match((await h.cli(['tokens:list'])).stdout, /^ci\s+admin\s/m);
    assert.equal(
      (await h.cli(['tokens:create', 'bad', '--apps', 'nope'])).code,
      3,
      'apps must exist',
    );
  });

  it('ssh-keys:add without --apps makes the key an admin again; ssh-keys:remove forgets its limit', async () => {
    assert.match((await h.cli(['ssh-keys:add', 'alice', pub])).stdout, /\(admin: every app\)/);
    assert.equal((await asAlice(['config:get', 'db', 'SECRET'])).code, 0);
    await h.cli(['ssh-keys:add', 'alice', pub, '--apps', 'web']);
    assert.equal((await h.cli(['ssh-keys:remove', 'alice'])).code, 0);
    const state = openState(join(h.home, 'hop3.db'));
    assert.equal(state.access.appsOf('key', 'alice'), undefined);
    state.close();
  });
});
