import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { MIGRATIONS } from '../../lib/state/migrations.js';
import { openState } from '../../lib/state/index.js';

const dir = mkdtempSync(join(tmpdir(), 'hop3-state-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('state', () => {
  it('creates the database with mode 0600, in WAL mode, migrated', () => {
    const file = join(dir, 'a.db');
    const state = openState(file);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(state.db.pragma('journal_mode', { simple: true }), 'wal');
    const names = state.db
      .prepare<[], { name: string }>('SELECT name FROM schema_migrations ORDER BY name')
      .all()
      .map((r) => r.name);
    assert.deepEqual(names, MIGRATIONS.map((m) => m.name).sort());
    state.close();
    openState(file).close();
  });

  it('upgrades a database made before migrations had names', async () => {
    const Database = (await import('better-sqlite3')).default;
    const file = join(dir, 'legacy.db');
    const legacy = new Database(file);
    legacy.exec(MIGRATIONS[0]?.sql ?? '');
    legacy.pragma('user_version = 1');
    legacy.close();
    const state = openState(file);
    assert.equal(state.apps.list().length, 0);
    state.close();
  });

  it('numbers releases per app, v1, v2, ... and records failures', () => {
    const state = openState(join(dir, 'b.db'));
    const a = state.apps.create('a');
    const b = state.apps.create('b');
    const r1 = state.releases.create({
      appId: a.id,
      gitSha: 'abc',
      description: 'Deploy abc',
      config: { K: 'v' },
    });
    const r2 = state.releases.create({
      appId: a.id,
      gitSha: 'def',
      description: 'Deploy def',
      config: {},
    });
    const b1 = state.releases.create({
      appId: b.id,
      gitSha: 'x',
      description: 'Deploy x',
      config: {},
    });
    assert.deepEqual([r1.number, r2.number, b1.number], [1, 2, 1]);
    state.releases.finish(r1.id, 'failed', 'boom');
    const [latest, first] = state.releases.list(a.id);
    assert.equal(latest?.number, 2);
    assert.equal(first?.status, 'failed');
    assert.equal(first.error, 'boom');
    assert.deepEqual(first.config, { K: 'v' });
    assert.equal(state.releases.failInterrupted(a.id), 1);
    assert.equal(state.releases.find(a.id, 2)?.status, 'failed');
    state.close();
  });

  it('stores config vars literally and deletes them with their app', () => {
    const state = openState(join(dir, 'c.db'));
    const app = state.apps.create('c');
    state.config.set(app.id, { X: '$(id); echo *', Y: 'two\nlines' });
    assert.equal(state.config.get(app.id, 'X'), '$(id); echo *');
    assert.deepEqual(state.config.unset(app.id, ['Y', 'NOPE']), ['Y']);
    state.apps.remove('c');
    assert.deepEqual(state.config.all(app.id), {});
    state.close();
  });

  it('verifies tokens by hash and refuses unknown ones', () => {
    const state = openState(join(dir, 'd.db'));
    const secret = state.tokens.create('ci');
    assert.match(secret, /^hop3_/);
    assert.equal(state.tokens.verify(secret), 'ci');
    assert.equal(state.tokens.verify(`${secret}x`), undefined);
    assert.equal(state.tokens.verify(''), undefined);
    assert.throws(() => state.tokens.create('ci'), { code: 'E_TOKEN_EXISTS' });
    state.tokens.revoke('ci');
    assert.equal(state.tokens.verify(secret), undefined);
    assert.throws(() => state.tokens.revoke('ci'), { code: 'E_TOKEN_NOT_FOUND' });
    assert.ok(!JSON.stringify(state.db.prepare('SELECT * FROM tokens').all()).includes(secret));
    state.close();
  });

  it('hands out increasing generations', () => {
    const state = openState(join(dir, 'e.db'));
    const app = state.apps.create('e');
    assert.equal(state.apps.nextGeneration(app.id), 1);
    assert.equal(state.apps.nextGeneration(app.id), 2);
    state.close();
  });
});
