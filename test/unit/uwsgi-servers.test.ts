// Golden-file tests of the uwsgi deployer's Rack and PHP files (vassal inis, shims, NUL env file) and its plugin check.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { INSTALL_ROOT, TEMPLATES_DIR } from '../../lib/install-root.js';
import { createPaths } from '../../lib/paths.js';
import type { ProcessDef } from '../../lib/sdk.js';
import { createRenderer } from '../../lib/templates/render.js';
import { instanceFiles, type InstanceSpec } from '../../plugins/deployers/uwsgi/layout.js';
import { nulEnvFile, renderVassal } from '../../plugins/deployers/uwsgi/render.js';
import {
  checkServerPlugin,
  quoted,
  renderPhpShim,
  renderRackShim,
} from '../../plugins/deployers/uwsgi/servers.js';

const render = createRenderer(TEMPLATES_DIR);
const GOLDEN = join(INSTALL_ROOT, 'test', 'fixtures', 'golden', 'uwsgi');
const paths = createPaths('/home/hop3');
const workingDir = '/home/hop3/apps/shop/releases/4';

/** Compares `actual` with a golden file; UPDATE_GOLDEN=1 rewrites the file instead. */
function assertGolden(name: string, actual: string): void {
  const file = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, actual);
  assert.ok(
    existsSync(file),
    `missing golden file ${file} (run with UPDATE_GOLDEN=1 to create it)`,
  );
  assert.equal(
    actual,
    readFileSync(file, 'utf8'),
    `${name} differs from its golden file (UPDATE_GOLDEN=1 to accept)`,
  );
}

function spec(process: ProcessDef, port = 25000): InstanceSpec {
  const key = { app: 'shop', generation: 7, process: process.name, index: 1 };
  return { key, process, port, workingDir, files: instanceFiles(paths, key) };
}

describe('uwsgi rwsgi and php files', () => {
  it('serves a Rack app through the rack plugin, the generated Ruby file loading first', () => {
    const rack = spec({ name: 'rwsgi', kind: 'rwsgi', command: 'config.ru' });
    assertGolden('rack.ini', renderVassal(render, rack));
    assertGolden('rack-shim.rb', renderRackShim(render, rack));
  });

  it('serves a PHP document root through the php plugin, other files by uWSGI', () => {
    const php = spec({ name: 'php', kind: 'php', command: 'public' });
    assertGolden('php.ini', renderVassal(render, php));
    assertGolden('php-shim.php', renderPhpShim(render, php));
  });

  it('serves only scripts when the document root is the app itself, keeping vendor/ and dot-directories out', () => {
    const ini = renderVassal(render, spec({ name: 'php', kind: 'php', command: '.' }));
    assert.match(ini, new RegExp(`^php-docroot = ${workingDir}$`, 'm'));
    assert.doesNotMatch(ini, /check-static/);
    assert.match(ini, /^route = \^\/\(vendor\/\|\\\.\) break:404 Not Found$/m);
  });

  it('refuses a path uWSGI would expand', () => {
    const bad = {
      ...spec({ name: 'rwsgi', kind: 'rwsgi', command: 'config.ru' }),
      workingDir: '/home/hop3/apps/x$(id)',
    };
    assert.throws(() => renderVassal(render, bad), { code: 'E_INVALID_VALUE' });
  });

  it('quotes Ruby and PHP single-quoted strings', () => {
    assert.equal(quoted(`a'b\\c`), `'a\\'b\\\\c'`);
  });

  it('writes the env as NUL-separated KEY=value entries, values untouched', () => {
    assert.equal(nulEnvFile({ B: `x$(id) 'q'\n2`, A: '' }), `A=\0B=x$(id) 'q'\n2\0`);
    assert.throws(() => nulEnvFile({ 'A-B': 'x' }), { code: 'E_INVALID_KEY' });
    assert.throws(() => nulEnvFile({ A: 'x\0y' }), { code: 'E_INVALID_VALUE' });
  });

  it('names the package when the uWSGI plugin is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hop3-uwsgi-plugins-'));
    try {
      assert.throws(
        () => checkServerPlugin('rwsgi', dir),
        (error: Error & { code?: string; hint?: string }) => {
          assert.equal(error.code, 'E_BINARY_MISSING');
          assert.match(error.message, /rack plugin/);
          assert.equal(error.hint, 'apt-get install -y uwsgi-plugin-rack-ruby3.1');
          return true;
        },
      );
      writeFileSync(join(dir, 'php_plugin.so'), '');
      checkServerPlugin('php', dir);
      checkServerPlugin('php', join(dir, 'absent'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
