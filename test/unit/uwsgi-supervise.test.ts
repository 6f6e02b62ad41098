// The uwsgi deployer's supervise service: one vassal per supervised process in uwsgi-enabled/.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { TEMPLATES_DIR } from '../../lib/install-root.js';
import { createPaths } from '../../lib/paths.js';
import { run } from '../../lib/proc/run.js';
import { DEFAULT_SETTINGS } from '../../lib/settings.js';
import { createRenderer } from '../../lib/templates/render.js';
import { enabledDir } from '../../plugins/deployers/uwsgi/settings.js';
import {
  renderSupervised,
  supervisedFiles,
  uwsgiSupervise,
} from '../../plugins/deployers/uwsgi/supervise.js';

const render = createRenderer(TEMPLATES_DIR);
const home = mkdtempSync(join(tmpdir(), 'hop3-supervise-'));
after(() => rmSync(home, { recursive: true, force: true }));
const paths = createPaths(home);
const spec = {
  name: 'addon-redis.cache',
  command: ['/usr/bin/redis-server', `${home}/redis.conf`],
  logFile: `${home}/redis.log`,
};

describe('uwsgi supervise', () => {
  it('keeps the vassal name older versions gave redis addons, and renders a plain attach-daemon2 line', () => {
    assert.equal(
      supervisedFiles(paths, 'addon-redis.cache').ini,
      join(enabledDir(paths), '_addon-redis.cache.ini'),
    );
    const ini = renderSupervised(render, paths, spec);
    assert.match(
      ini,
      new RegExp(
        `^attach-daemon2 = cmd=/usr/bin/redis-server ${home}/redis\\.conf,stopsignal=15$`,
        'm',
      ),
    );
    assert.match(ini, new RegExp(`^logto = ${home}/redis\\.log$`, 'm'));
  });

  it('refuses a name or an argument uWSGI would read as something else', () => {
    assert.throws(() => supervisedFiles(paths, '../x'), { code: 'E_INVALID_NAME' });
    assert.throws(
      () => renderSupervised(render, paths, { ...spec, command: ['/usr/bin/x', '$(id)'] }),
      { code: 'E_INVALID_VALUE' },
    );
    assert.throws(
      () => renderSupervised(render, paths, { ...spec, command: ['/usr/bin/x', 'a,b'] }),
      { code: 'E_INVALID_VALUE' },
    );
    assert.throws(() => renderSupervised(render, paths, { ...spec, command: ['x'] }), {
      code: 'E_INVALID_VALUE',
    });
  });

  it('starts by writing the vassal, stops by removing it (idempotent), and says when no emperor runs', async () => {
    const supervise = uwsgiSupervise({ paths, settings: DEFAULT_SETTINGS, render, run });
    assert.match(supervise.unavailable() ?? '', /emperor.*is not running/);
    const { ini } = supervisedFiles(paths, spec.name);
    const { mkdirSync } = await import('node:fs');
    mkdirSync(enabledDir(paths), { recursive: true });
    await supervise.start(spec);
    assert.equal(readFileSync(ini, 'utf8'), renderSupervised(render, paths, spec));
    await supervise.restart(spec.name);
    await supervise.stop(spec.name);
    assert.equal(existsSync(ini), false);
    await supervise.stop(spec.name);
    await supervise.restart(spec.name);
  });
});
