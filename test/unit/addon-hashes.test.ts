import assert from 'node:assert/strict';
import { createHash, createHmac, pbkdf2Sync } from 'node:crypto';
import { describe, it } from 'node:test';
import { nativePasswordHash } from '../../plugins/addons/mysql/instance.js';
import { scramVerifier } from '../../plugins/addons/postgres/scram.js';

describe('password hashes sent instead of passwords', () => {
  it("MariaDB's mysql_native_password hash", () => {
    // SELECT PASSWORD('password') on MariaDB 10.11.
    assert.equal(nativePasswordHash('password'), '*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19');
  });

  it("PostgreSQL's SCRAM-SHA-256 verifier (RFC 5802 keys from PBKDF2-SHA-256, 4096 iterations)", () => {
    const salt = Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64');
    const verifier = scramVerifier('pencil', salt);
    const [method, iterSalt, keys] = verifier.split('$');
    assert.equal(method, 'SCRAM-SHA-256');
    assert.equal(iterSalt, `4096:${salt.toString('base64')}`);
    const salted = pbkdf2Sync('pencil', salt, 4096, 32, 'sha256');
    const clientKey = createHmac('sha256', salted).update('Client Key').digest();
    const stored = createHash('sha256').update(clientKey).digest('base64');
    const server = createHmac('sha256', salted).update('Server Key').digest('base64');
    assert.equal(keys, `${stored}:${server}`);
    assert.ok(!verifier.includes('pencil'));
  });

  it('uses a fresh salt by default', () => {
    assert.notEqual(scramVerifier('same'), scramVerifier('same'));
  });
});
