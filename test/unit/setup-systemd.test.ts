// The systemd units setup writes: golden files, ExecStart quoting, and the systemctl calls of an install.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { INSTALL_ROOT, TEMPLATES_DIR } from '../../lib/install-root.js';
import { createReporter } from '../../lib/output/reporter.js';
import { createPaths } from '../../lib/paths.js';
import type { RunCommand } from '../../lib/proc/run.js';
import type { ServiceSpec } from '../../lib/sdk.js';
import { DEFAULT_SETTINGS } from '../../lib/settings.js';
import { SYSTEM_FILES, type SetupContext } from '../../lib/setup/context.js';
import { gitHttpService } from '../../lib/setup/services.js';
import {
  checkSignal,
  installSystemdServices,
  renderUnit,
  systemdAssignment,
  systemdWord,
} from '../../lib/setup/systemd.js';
import { createRenderer } from '../../lib/templates/render.js';

const render = createRenderer(TEMPLATES_DIR);
const GOLDEN = join(INSTALL_ROOT, 'test', 'fixtures', 'golden', 'systemd');
const unit = { user: 'hop3', home: '/home/hop3', stamp: '0.1.0+0123456789ab' };
const emperor: ServiceSpec = {
  name: 'hop3-emperor',
  description: 'hop3 uWSGI emperor (runs every app process)',
  command: ['/usr/bin/uwsgi', '--ini', '/home/hop3/uwsgi/uwsgi.ini'],
  stopSignal: 'SIGINT',
  pidFile: '/home/hop3/uwsgi/emperor.pid',
};

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

describe('systemd unit template', () => {
  it('renders the emperor unit', () => {
    assertGolden('hop3-emperor.service', renderUnit(render, emperor, unit));
  });

  it('renders the git-http unit with the port on its command line', () => {
    assertGolden(
      'hop3-git-http.service',
      renderUnit(render, gitHttpService(DEFAULT_SETTINGS), unit),
    );
  });

  it('quotes ExecStart words that are not plain and escapes specifiers', () => {
    assert.equal(systemdWord('/usr/bin/uwsgi'), '/usr/bin/uwsgi');
    assert.equal(systemdWord('--port=8822'), '--port=8822');
    assert.equal(systemdWord('a b'), '"a b"');
    assert.equal(systemdWord('say "hi"'), '"say \\"hi\\""');
    assert.equal(systemdWord('50%'), '50%%');
    assert.equal(systemdWord('$HOME'), '"$$HOME"');
    assert.equal(systemdWord(''), '""');
    assert.equal(systemdAssignment('HOP3_HOME', '/srv/my %h'), '"HOP3_HOME=/srv/my %%h"');
  });

  it('accepts known stop signals only', () => {
    assert.equal(checkSignal(undefined, 'x'), 'SIGTERM');
    assert.equal(checkSignal('SIGQUIT', 'x'), 'SIGQUIT');
    assert.throws(() => checkSignal('SIGNOPE', 'x'), { code: 'E_PLUGIN_SHAPE' });
  });
});

describe('installSystemdServices', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hop3-units-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const context = (calls: string[]): SetupContext => {
    const run: RunCommand = (file, args) => {
      calls.push([file, ...args].join(' '));
      return Promise.resolve({ exitCode: 0, stdout: '', stderr: '', all: '', durationMs: 0 });
    };
    const uid = process.getuid?.() ?? 0;
    const gid = process.getgid?.() ?? 0;
    return {
      paths: createPaths('/home/hop3'),
      settings: DEFAULT_SETTINGS,
      log: createReporter(),
      run,
      render,
      user: { name: 'hop3', uid, gid, home: '/home/hop3', shell: '/bin/sh' },
      manager: 'systemd',
      system: { ...SYSTEM_FILES, unitDir: dir },
      changes: [],
    };
  };

  it('writes new units, reloads systemd and enables them; a second run only re-enables', async () => {
    if (process.getuid?.() !== 0)
      assert.fail('this test chowns unit files to root: run it as root');
    const first: string[] = [];
    await installSystemdServices(context(first), [emperor], unit.stamp, true);
    assert.deepEqual(first, [
      'systemctl daemon-reload',
      'systemctl enable --now hop3-emperor.service',
    ]);
    assert.ok(existsSync(join(dir, 'hop3-emperor.service')));
    const second: string[] = [];
    const ctx = context(second);
    await installSystemdServices(ctx, [emperor], unit.stamp, true);
    assert.deepEqual(second, ['systemctl enable --now hop3-emperor.service']);
    assert.deepEqual(ctx.changes, []);
  });

  it('restarts a service whose unit changed (a new hop3 version)', async () => {
    const calls: string[] = [];
    await installSystemdServices(context(calls), [emperor], '0.2.0', true);
    assert.deepEqual(calls, [
      'systemctl daemon-reload',
      'systemctl enable --now hop3-emperor.service',
      'systemctl restart hop3-emperor.service',
    ]);
  });

  it('only writes the units with --no-services', async () => {
    const calls: string[] = [];
    await installSystemdServices(context(calls), [emperor], '0.3.0', false);
    assert.deepEqual(calls, ['systemctl daemon-reload']);
  });
});
