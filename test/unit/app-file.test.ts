// readAppFile: the only way Procfile, ENV and hop3.toml are read; never through a symlink.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { after, describe, it } from 'node:test';
import { loadAppConfig } from '../../lib/domain/app-config.js';
import { readAppFile } from '../../lib/domain/app-file.js';

describe('readAppFile and loadAppConfig', () => {
  const root = mkdtempSync(join(tmpdir(), 'hop3-app-file-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const secret = join(root, 'other-app.env');
  writeFileSync(secret, 'this is not KEY=VALUE: SECRET_PASSWORD_42\n');

  const app = (name: string): string => {
    const dir = join(root, name);
    mkdirSync(dir);
    return dir;
  };

  it('reads a plain file and answers undefined for a missing one', () => {
    const dir = app('plain');
    writeFileSync(join(dir, 'Procfile'), 'web: node server.js\n');
    assert.equal(readAppFile(dir, 'Procfile'), 'web: node server.js\n');
    assert.equal(readAppFile(dir, 'ENV'), undefined);
  });

  for (const name of ['Procfile', 'ENV', 'hop3.toml']) {
    it(`refuses a ${name} that is a symlink, in one line naming it, without reading its target`, () => {
      const dir = app(`link-${name}`);
      symlinkSync(secret, join(dir, name));
      assert.throws(
        () => loadAppConfig(dir),
        (error: Error & { code?: string }) => {
          assert.equal(error.code, 'E_UNSAFE_PATH');
          assert.match(error.message, new RegExp(`^${name.replace('.', '\\.')} is a symbolic link`));
          assert.doesNotMatch(error.message, /SECRET_PASSWORD|\n/);
          return true;
        },
      );
    });
  }

  it('refuses a dangling symlink and a directory, and never blocks on a FIFO', () => {
    const dir = app('odd');
    symlinkSync('/nonexistent/file', join(dir, 'Procfile'));
    assert.throws(() => readAppFile(dir, 'Procfile'), { code: 'E_UNSAFE_PATH' });
    mkdirSync(join(dir, 'ENV'));
    assert.throws(() => readAppFile(dir, 'ENV'), { code: 'E_UNSAFE_PATH', message: /ENV is not a regular file/ });
    execFileSync('mkfifo', [join(dir, 'hop3.toml')]);
    assert.throws(() => readAppFile(dir, 'hop3.toml'), { code: 'E_UNSAFE_PATH' });
  });
});
