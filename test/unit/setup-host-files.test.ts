// The files setup writes outside HOP3_HOME (sudoers rule) and how it writes them.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { writeHostFile } from '../../lib/setup/host-files.js';
import { parseOsRelease } from '../../lib/setup/os-release.js';
import { keyNameFromComment } from '../../lib/setup/ssh-key.js';
import { findUser } from '../../lib/setup/users.js';

describe('writeHostFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hop3-hostfile-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes with the mode, then reports no change for the same text', async () => {
    const file = join(dir, 'a.conf');
    assert.equal(await writeHostFile(file, 'one\n', { mode: 0o600 }), true);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(await writeHostFile(file, 'one\n', { mode: 0o640 }), false);
    assert.equal(statSync(file).mode & 0o777, 0o640, 'the mode is enforced even without a change');
  });

  it('keeps the old file when validation refuses the candidate', async () => {
    const file = join(dir, 'b.conf');
    writeFileSync(file, 'good\n');
    const refuse = (): Promise<void> => Promise.reject(new Error('bad syntax'));
    await assert.rejects(
      writeHostFile(file, 'bad\n', { mode: 0o644, validate: refuse }),
      /bad syntax/,
    );
    assert.equal(readFileSync(file, 'utf8'), 'good\n');
  });
});

describe('small parsers', () => {
  it('derives a key name from the .pub comment', () => {
    assert.equal(keyNameFromComment('ssh-ed25519 AAAA root@hop3-ci\n'), 'root-hop3-ci');
    assert.equal(
      keyNameFromComment('ssh-ed25519 AAAA Alice Smith <alice@example.com>'),
      'alice-smith-alice-example-com',
    );
    assert.equal(keyNameFromComment('ssh-ed25519 AAAA'), 'default');
    assert.equal(keyNameFromComment('ssh-ed25519 AAAA 1234'), 'default');
    assert.equal(keyNameFromComment(`ssh-ed25519 AAAA ${'x'.repeat(100)}`).length, 63);
  });

  it('parses os-release with quoted and bare values', () => {
    const fields = parseOsRelease(
      'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n# comment\nVERSION_ID="12"\n',
    );
    assert.deepEqual(fields, {
      PRETTY_NAME: 'Debian GNU/Linux 12 (bookworm)',
      ID: 'debian',
      VERSION_ID: '12',
    });
  });

  it('finds a user in passwd text', () => {
    const passwd = 'root:x:0:0:root:/root:/bin/bash\nhop3:x:999:998::/home/hop3:/bin/sh\n';
    assert.deepEqual(findUser(passwd, 'hop3'), {
      name: 'hop3',
      uid: 999,
      gid: 998,
      home: '/home/hop3',
      shell: '/bin/sh',
    });
    assert.equal(findUser(passwd, 'hop'), undefined);
  });
});
