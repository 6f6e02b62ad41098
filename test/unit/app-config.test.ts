// loadAppConfig: Procfile, hop3.toml and ENV from the root of the app, else from its hop3/ directory.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadAppConfig } from '../../lib/domain/app-config.js';

describe('loadAppConfig: the hop3/ config directory', () => {
  const root = mkdtempSync(join(tmpdir(), 'hop3-app-config-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const app = (name: string, files: Record<string, string>): string => {
    const dir = join(root, name);
    mkdirSync(join(dir, 'hop3'), { recursive: true });
    for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
    return dir;
  };

  it('reads Procfile, hop3.toml and ENV from hop3/ when the root has none', () => {
    const config = loadAppConfig(
      app('nested', {
        'hop3/Procfile': 'web: node server.js\n',
        'hop3/hop3.toml': '[env]\nFROM_TOML = "t"\n',
        'hop3/ENV': 'FROM_ENV=e\n',
      }),
    );
    assert.deepEqual(
      config.procfile.processes.map((p) => p.name),
      ['web'],
    );
    assert.deepEqual(config.env, { FROM_ENV: 'e', FROM_TOML: 't' });
    assert.deepEqual(config.files, { procfile: true, toml: true, env: true });
    assert.deepEqual(config.notes, []);
  });

  it('uses the root file when both exist, with a one-line note that the hop3/ one is ignored', () => {
    const config = loadAppConfig(
      app('both', {
        Procfile: 'web: node root.js\n',
        'hop3/Procfile': 'web: node nested.js\n',
        'hop3/ENV': 'ONLY_NESTED=1\n',
      }),
    );
    assert.equal(config.procfile.processes[0]?.command, 'node root.js');
    assert.deepEqual(config.env, { ONLY_NESTED: '1' });
    assert.deepEqual(config.notes, [
      'hop3/Procfile is ignored: Procfile at the root of the app is used',
    ]);
  });

  it('refuses a hop3/ that is a symlink and a hop3/Procfile that is one, naming the path', () => {
    const outside = app('outside', { 'hop3/Procfile': 'web: node evil.js\n' });
    const linkedDir = join(root, 'linked-dir');
    mkdirSync(linkedDir);
    symlinkSync(join(outside, 'hop3'), join(linkedDir, 'hop3'));
    assert.throws(() => loadAppConfig(linkedDir), {
      code: 'E_UNSAFE_PATH',
      message: /^hop3\/ is a symbolic link/,
    });
    const linkedFile = app('linked-file', {});
    symlinkSync(join(outside, 'hop3', 'Procfile'), join(linkedFile, 'hop3', 'Procfile'));
    assert.throws(() => loadAppConfig(linkedFile), {
      code: 'E_UNSAFE_PATH',
      message: /^hop3\/Procfile is a symbolic link/,
    });
  });

  it('ignores a hop3 file that is not a directory', () => {
    const dir = join(root, 'plain-file');
    mkdirSync(dir);
    writeFileSync(join(dir, 'hop3'), 'not a directory\n');
    writeFileSync(join(dir, 'Procfile'), 'web: node server.js\n');
    assert.equal(loadAppConfig(dir).procfile.processes.length, 1);
  });
});
