import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { addonKey, decryptJson, encryptJson } from '../../lib/addons/crypto.js';
import { keyFile } from '../../lib/addons/layout.js';
import { createPaths } from '../../lib/paths.js';

const root = mkdtempSync(join(tmpdir(), 'hop3-addon-crypto-'));
after(() => rmSync(root, { recursive: true, force: true }));

describe('addon credentials at rest', () => {
  it('generates one 32-byte key in a 0600 file, and reuses it', () => {
    const paths = createPaths(join(root, 'a'));
    assert.throws(
      () => addonKey(paths),
      /is missing: stored addon credentials cannot be decrypted/,
    );
    const key = addonKey(paths, true);
    assert.equal(key.length, 32);
    assert.equal(statSync(keyFile(paths)).mode & 0o777, 0o600);
    assert.equal(statSync(join(paths.home, 'addons')).mode & 0o777, 0o700);
    assert.deepEqual(addonKey(paths, true), key);
    assert.deepEqual(addonKey(paths), key);
  });

  it('encrypts with AES-256-GCM: round trip, nothing readable, a fresh IV each time', () => {
    const key = addonKey(createPaths(join(root, 'b')), true);
    const values = { user: 'hop3_db', password: 'correct horse battery staple' };
    const sealed = encryptJson(key, values, 'addon db');
    assert.match(sealed, /^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    assert.ok(!sealed.includes('horse'));
    assert.notEqual(encryptJson(key, values, 'addon db'), sealed);
    assert.deepEqual(decryptJson(key, sealed, 'addon db'), values);
  });

  it('refuses a wrong key, another row, or a tampered text', () => {
    const key = addonKey(createPaths(join(root, 'c')), true);
    const other = addonKey(createPaths(join(root, 'd')), true);
    const sealed = encryptJson(key, { password: 'x' }, 'addon db');
    assert.throws(
      () => decryptJson(other, sealed, 'addon db'),
      /cannot decrypt the stored credentials of addon db/,
    );
    assert.throws(() => decryptJson(key, sealed, 'addon other'), /cannot decrypt/);
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3] ?? '', 'base64url');
    body[0] = (body[0] ?? 0) ^ 1;
    assert.throws(
      () =>
        decryptJson(
          key,
          [parts[0], parts[1], parts[2], body.toString('base64url')].join('.'),
          'addon db',
        ),
      /cannot decrypt/,
    );
  });

  it('rejects a key file that does not hold 32 bytes', () => {
    const paths = createPaths(join(root, 'e'));
    addonKey(paths, true);
    writeFileSync(keyFile(paths), 'c2hvcnQ=\n');
    assert.throws(() => addonKey(paths), /does not hold a 32-byte key/);
    assert.equal(
      readFileSync(keyFile(paths), 'utf8'),
      'c2hvcnQ=\n',
      'an existing key is never replaced',
    );
  });
});
