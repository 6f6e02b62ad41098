// App users: names (hashed when long), and file operations confined to the app's directory.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { appUserName, MAX_USER_NAME } from '../../lib/domain/app-user.js';
import { applyFileOps, confinedPath } from '../../lib/identity/file-ops.js';
import { ownDirectory } from '../../lib/identity/provision.js';

describe('appUserName', () => {
  it('is hop3-<app> when that fits in 32 characters', () => {
    assert.equal(appUserName('shop'), 'hop3-shop');
    assert.equal(appUserName('a'.repeat(27)), `hop3-${'a'.repeat(27)}`);
  });

  it('shortens longer names with a hash, staying unique and at most 32 characters', () => {
    const long1 = appUserName(`${'a'.repeat(40)}-one`);
    const long2 = appUserName(`${'a'.repeat(40)}-two`);
    assert.ok(long1.length <= MAX_USER_NAME && long2.length <= MAX_USER_NAME);
    assert.notEqual(long1, long2);
    assert.match(long1, /^hop3-a+-[0-9a-f]{8}$/);
    assert.equal(appUserName(`${'a'.repeat(40)}-one`), long1);
  });
});

describe('file operations', () => {
  const root = mkdtempSync(join(tmpdir(), 'hop3-fileops-'));
  const app = join(root, 'apps', 'shop');
  mkdirSync(app, { recursive: true });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('writes, creates and removes inside the app directory, with exact modes', () => {
    applyFileOps(app, [
      { op: 'mkdir', path: join(app, 'run'), mode: 0o2750 },
      { op: 'mkdir', path: join(app, 'run', 'vassals'), mode: 0o750 },
      { op: 'write', path: join(app, 'run', 'a.env'), content: 'X=1\n', mode: 0o600 },
    ]);
    assert.equal(statSync(join(app, 'run')).mode & 0o7777, 0o2750);
    assert.equal(
      statSync(join(app, 'run', 'vassals')).mode & 0o7777,
      0o750,
      'a vassal dir is never setgid',
    );
    assert.equal(statSync(join(app, 'run', 'a.env')).mode & 0o777, 0o600);
    assert.equal(readFileSync(join(app, 'run', 'a.env'), 'utf8'), 'X=1\n');
    applyFileOps(app, [{ op: 'remove', path: join(app, 'run', 'a.env') }]);
    assert.throws(() => statSync(join(app, 'run', 'a.env')));
  });

  it('refuses paths outside the app, the app dir itself, and relative or dotted paths', () => {
    for (const path of [
      join(root, 'apps', 'other', 'x'),
      app,
      'run/x',
      `${app}/../other/x`,
      '/etc/passwd',
    ]) {
      assert.throws(() => confinedPath(app, path), { code: 'E_NOT_ALLOWED' }, path);
    }
  });

  it('an exclusive write refuses an existing file and leaves it as it was', () => {
    const file = join(app, 'db.sqlite3');
    applyFileOps(app, [
      { op: 'write', path: file, content: 'first', mode: 0o600, exclusive: true },
    ]);
    assert.throws(
      () =>
        applyFileOps(app, [
          { op: 'write', path: file, content: 'second', mode: 0o600, exclusive: true },
        ]),
      /already exists/,
    );
    assert.equal(readFileSync(file, 'utf8'), 'first');
  });

  it('refuses to go through a symlinked parent', () => {
    mkdirSync(join(root, 'elsewhere'));
    symlinkSync(join(root, 'elsewhere'), join(app, 'link'));
    assert.throws(
      () =>
        applyFileOps(app, [
          { op: 'write', path: join(app, 'link', 'x'), content: '', mode: 0o600 },
        ]),
      { code: 'E_NOT_ALLOWED' },
    );
    assert.throws(
      () => applyFileOps(app, [{ op: 'mkdir', path: join(app, 'link'), mode: 0o750 }]),
      { code: 'E_NOT_ALLOWED' },
    );
  });
});

describe('provisioning a directory (root gives it to the app)', () => {
  const root = mkdtempSync(join(tmpdir(), 'hop3-provision-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const uid = process.getuid?.() ?? 0;
  const gid = process.getgid?.() ?? 0;

  it('creates a missing directory with the exact mode', () => {
    ownDirectory(join(root, 'run'), uid, gid, 0o2750);
    assert.equal(statSync(join(root, 'run')).mode & 0o7777, 0o2750);
  });

  it('refuses a symlink and leaves its target unchanged', () => {
    const target = join(root, 'target');
    mkdirSync(target, { mode: 0o755 });
    symlinkSync(target, join(root, 'tmp'));
    assert.throws(() => ownDirectory(join(root, 'tmp'), uid, gid, 0o700), { code: 'E_SETUP' });
    assert.equal(statSync(target).mode & 0o7777, 0o755);
  });
});
