// The units setup writes for the real plugins' services pass `systemd-analyze verify` without a warning.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createHop3Container } from '../../lib/container.js';
import { silentReporter } from '../../lib/output/reporter.js';
import { createPaths } from '../../lib/paths.js';
import { run } from '../../lib/proc/run.js';
import { which } from '../../lib/proc/which.js';
import { DEFAULT_SETTINGS } from '../../lib/settings.js';
import { collectServices } from '../../lib/setup/services.js';
import { renderUnit } from '../../lib/setup/systemd.js';
import { TEMPLATES_DIR } from '../../lib/install-root.js';
import { createRenderer } from '../../lib/templates/render.js';

describe('systemd units', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hop3-systemd-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('verifies the emperor and git-http units with systemd-analyze', async () => {
    const analyze = which('systemd-analyze');
    assert.ok(analyze, 'systemd-analyze is missing: apt-get install systemd');
    const uwsgi = which('uwsgi');
    assert.ok(uwsgi, 'uwsgi is missing: apt-get install uwsgi-core');
    // ExecStart binaries must exist for verify: a stand-in hop3 command in the temp dir, the real uwsgi.
    // The space in its directory exercises ExecStart quoting.
    const hop3 = join(dir, 'hop3 bin', 'hop3');
    mkdirSync(join(dir, 'hop3 bin'), { recursive: true });
    writeFileSync(hop3, '#!/bin/sh\nexit 0\n');
    chmodSync(hop3, 0o755);
    const home = join(dir, 'home');
    mkdirSync(home, { recursive: true });
    const paths = createPaths(home);
    const settings = {
      ...DEFAULT_SETTINGS,
      hop3Command: hop3,
      sections: { uwsgi: { binary: uwsgi } },
    };
    const { plugins } = await createHop3Container({
      paths,
      settings,
      log: silentReporter,
      externalDir: join(dir, 'none'),
    });
    const specs = collectServices(plugins, settings);
    const names = specs.map((s) => s.name);
    assert.ok(
      names.includes('hop3-emperor') && names.includes('hop3-git-http'),
      `services: ${names.join(', ')}`,
    );
    const render = createRenderer(TEMPLATES_DIR);
    for (const spec of specs) {
      const file = join(dir, `${spec.name}.service`);
      writeFileSync(file, renderUnit(render, spec, { user: 'hop3', home, stamp: '0.0.0-test' }));
      const result = await run(analyze, ['verify', file], { reject: false, timeoutMs: 60_000 });
      assert.equal(
        result.exitCode,
        0,
        `${spec.name}: systemd-analyze verify failed:\n${result.all}`,
      );
      assert.equal(
        result.stderr.trim(),
        '',
        `${spec.name}: systemd-analyze verify warned:\n${result.stderr}`,
      );
    }
  });
});
