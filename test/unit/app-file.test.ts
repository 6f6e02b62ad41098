// readAppFile: the only way Procfile, ENV and hop3.toml are read, never through a symlink; readSourceFile: other
// files of the app (manifests), never through a link out of the app.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { after, describe, it } from 'node:test';
import { loadAppConfig } from '../../lib/domain/app-config.js';
import { readAppFile, readSourceFile } from '../../lib/domain/app-file.js';
import { sourceTree } from '../../lib/pipeline/source-tree.js';
import { readPackageJson } from '../../plugins/toolchains/node/package-json.js';
import { wantedPython } from '../../plugins/toolchains/python/interpreter.js';

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
          assert.match(
            error.message,
            new RegExp(`^${name.replace('.', '\\.')} is a symbolic link`),
          );
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
    assert.throws(() => readAppFile(dir, 'ENV'), {
      code: 'E_UNSAFE_PATH',
      message: /ENV is not a regular file/,
    });
    execFileSync('mkfifo', [join(dir, 'hop3.toml')]);
    assert.throws(() => readAppFile(dir, 'hop3.toml'), { code: 'E_UNSAFE_PATH' });
  });
});

describe('readSourceFile', () => {
  const root = mkdtempSync(join(tmpdir(), 'hop3-source-file-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const outside = join(root, 'secret.txt');
  writeFileSync(outside, '3.11 SECRET_PASSWORD_42\n');
  const dir = join(root, 'app');
  mkdirSync(join(dir, 'requirements'), { recursive: true });
  writeFileSync(join(dir, 'requirements', 'prod.txt'), 'flask\n');
  symlinkSync('requirements/prod.txt', join(dir, 'requirements.txt'));
  symlinkSync(outside, join(dir, '.python-version'));
  symlinkSync(outside, join(dir, 'package.json'));

  it('follows a link to another file of the app, and answers undefined for a missing file or a directory', () => {
    assert.equal(readSourceFile(dir, 'requirements.txt'), 'flask\n');
    assert.equal(readSourceFile(dir, 'missing.txt'), undefined);
    assert.equal(readSourceFile(dir, 'requirements'), undefined);
  });

  it('refuses a link out of the app, and toolchains and detection never quote its target', () => {
    assert.throws(() => readSourceFile(dir, '.python-version'), {
      code: 'E_UNSAFE_PATH',
      message: /^\.python-version links outside the app/,
    });
    for (const read of [
      () => wantedPython({}, dir),
      () => readPackageJson(dir),
      () => sourceTree(dir).read('package.json'),
    ]) {
      assert.throws(read, (error: Error & { code?: string }) => {
        assert.equal(error.code, 'E_UNSAFE_PATH');
        assert.doesNotMatch(error.message, /SECRET_PASSWORD/);
        return true;
      });
    }
  });
});
