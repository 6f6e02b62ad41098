// Golden-file tests of the uwsgi deployer's generated files: vassal inis per kind, launcher, WSGI shim, emperor ini.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { INSTALL_ROOT, TEMPLATES_DIR } from '../../lib/install-root.js';
import { createPaths } from '../../lib/paths.js';
import type { ProcessDef } from '../../lib/sdk.js';
import { createRenderer } from '../../lib/templates/render.js';
import { renderEmperorIni } from '../../plugins/deployers/uwsgi/emperor.js';
import { instanceFiles } from '../../plugins/deployers/uwsgi/layout.js';
import {
  jsonEnvFile,
  renderLauncher,
  renderShim,
  renderVassal,
  shellEnvFile,
  wsgiTarget,
  type InstanceSpec,
} from '../../plugins/deployers/uwsgi/render.js';

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

function spec(process: ProcessDef, extra: Partial<InstanceSpec> = {}): InstanceSpec {
  const key = { app: 'shop', generation: 7, process: process.name, index: 2 };
  return { key, process, workingDir, files: instanceFiles(paths, key), ...extra };
}

describe('uwsgi vassal templates', () => {
  it('runs a web command through attach-daemon and its launcher', () => {
    const web = spec({ name: 'web', kind: 'web', command: 'node server.js' }, { port: 23456 });
    assertGolden('web.ini', renderVassal(render, web));
    assertGolden('web-launcher.sh', renderLauncher(render, web));
  });

  it('runs a worker the same way, without a port', () => {
    assertGolden(
      'worker.ini',
      renderVassal(render, spec({ name: 'mailer', kind: 'worker', command: 'python mail.py' })),
    );
  });

  it('serves wsgi through the python3 plugin with a generated shim', () => {
    const wsgi = spec(
      { name: 'wsgi', kind: 'wsgi', command: 'shop.wsgi:app' },
      { port: 24000, virtualenv: '/home/hop3/apps/shop/cache/python/venv' },
    );
    assertGolden('wsgi.ini', renderVassal(render, wsgi));
    assertGolden('wsgi-shim.py', renderShim(render, wsgi));
  });

  it('leaves virtualenv out of a wsgi vassal that has none', () => {
    const ini = renderVassal(
      render,
      spec({ name: 'wsgi', kind: 'wsgi', command: 'app' }, { port: 24001 }),
    );
    assert.doesNotMatch(ini, /virtualenv/);
  });

  it('schedules cron with one unique-cron line per time spec and an uncounted launcher', () => {
    const cron = spec({
      name: 'cron',
      kind: 'cron',
      command: 'python cleanup.py',
      schedule: '0,30 9 * * 1-5',
    });
    assertGolden('cron.ini', renderVassal(render, cron));
    assertGolden('cron-launcher.sh', renderLauncher(render, cron));
  });

  it('writes the emperor ini', () => {
    assertGolden('emperor.ini', renderEmperorIni(render, paths));
  });

  it('defaults the wsgi callable to "application" and refuses anything but module:callable', () => {
    assert.deepEqual(wsgiTarget('app'), { module: 'app', callable: 'application' });
    assert.deepEqual(wsgiTarget('pkg.mod:make'), { module: 'pkg.mod', callable: 'make' });
    assert.throws(() => wsgiTarget('app:x; import os'), { code: 'E_PROCFILE' });
  });

  it('refuses paths that uWSGI would expand', () => {
    const web = spec({ name: 'web', kind: 'web', command: 'x' }, { port: 1 });
    const bad = { ...web, files: { ...web.files, supervisorLog: '/home/$(id)/web.uwsgi.log' } };
    assert.throws(() => renderVassal(render, bad), { code: 'E_INVALID_VALUE' });
    const wsgi = spec(
      { name: 'wsgi', kind: 'wsgi', command: 'app' },
      { port: 1, workingDir: '/srv/%d' },
    );
    assert.throws(() => renderVassal(render, wsgi), { code: 'E_INVALID_VALUE' });
  });
});

describe('uwsgi env files', () => {
  it('quotes every value for sh and refuses invalid names', () => {
    assert.equal(
      shellEnvFile({ B: "it's", A: '$(id)' }).split('\n').slice(1).join('\n'),
      "export A='$(id)'\nexport B='it'\\''s'\n",
    );
    assert.throws(() => shellEnvFile({ 'A;rm': 'x' }), { code: 'E_INVALID_KEY' });
    assert.deepEqual(JSON.parse(jsonEnvFile({ Z: '%d', A: 'a\nb' })), { A: 'a\nb', Z: '%d' });
  });
});
