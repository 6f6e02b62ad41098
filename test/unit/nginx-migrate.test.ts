// Sites from $HOP3_HOME/nginx (hop3-owned, before the privilege boundary) are read back, re-validated and
// re-rendered into the root-owned directory by setup; a tampered one is not moved.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { TEMPLATES_DIR } from '../../lib/install-root.js';
import { createPaths } from '../../lib/paths.js';
import type { ProxySite, Reporter } from '../../lib/sdk.js';
import { DEFAULT_SETTINGS } from '../../lib/settings.js';
import { createRenderer } from '../../lib/templates/render.js';
import { requestFromLegacySite } from '../../plugins/proxies/nginx/migrate.js';
import { prepareAsRoot } from '../../plugins/proxies/nginx/privileged.js';
import { renderSite } from '../../plugins/proxies/nginx/site.js';

const render = createRenderer(TEMPLATES_DIR);
const home = mkdtempSync(join(tmpdir(), 'hop3-migrate-'));
after(() => rmSync(home, { recursive: true, force: true }));

const site = (app: string): ProxySite => ({
  app,
  hosts: [`${app}.example.com`, 'www.example.com'],
  upstreams: ['127.0.0.1:5001', '127.0.0.1:5002'],
  static: [
    { url: '/', dir: join(home, 'apps', app, 'releases', '4', 'public') },
    { url: '/assets', dir: join(home, 'apps', app, 'releases', '4', 'assets') },
  ],
  revision: `${app}-v4-g7`,
});

describe('nginx sites of older versions', () => {
  it('reads the values back from a rendered site', () => {
    assert.deepEqual(
      requestFromLegacySite('shop', renderSite(render, site('shop'), 80)),
      site('shop'),
    );
  });

  it('moves valid sites into the sites directory, refuses tampered ones, removes the old directory', () => {
    for (const app of ['shop', 'evil']) {
      for (const dir of ['public', 'assets'])
        mkdirSync(join(home, 'apps', app, 'releases', '4', dir), { recursive: true });
    }
    const legacy = join(home, 'nginx');
    mkdirSync(legacy);
    writeFileSync(join(legacy, 'shop.conf'), renderSite(render, site('shop'), 80));
    writeFileSync(
      join(legacy, 'evil.conf'),
      renderSite(render, site('evil'), 80).replace('127.0.0.1:5001', '10.0.0.1:80'),
    );
    const warnings: string[] = [];
    const log: Reporter = {
      step() {},
      info() {},
      warn: (l) => warnings.push(l),
      timed: (_t, fn) => fn(),
      redact() {},
    };
    const sitesDir = join(home, 'sites');
    const settings = { ...DEFAULT_SETTINGS, sections: { nginx: { sitesDir } } };
    prepareAsRoot({
      paths: createPaths(home),
      settings,
      render,
      log,
      run: () => Promise.reject(new Error('no')),
      which: () => undefined,
    });
    // Root re-renders with what it verified: no symlink followed below the release the directories are in.
    const release = join(home, 'apps', 'shop', 'releases', '4');
    const verified = {
      ...site('shop'),
      static: site('shop').static.map((s) => ({ ...s, within: release, hidden: [] })),
    };
    assert.equal(
      readFileSync(join(sitesDir, 'shop.conf'), 'utf8'),
      renderSite(render, verified, 80),
    );
    assert.equal(existsSync(join(sitesDir, 'evil.conf')), false);
    assert.match(warnings.join('\n'), /the old site of evil was not moved .*upstreams/);
    assert.equal(existsSync(legacy), false);
    assert.equal(existsSync(join(sitesDir, '_hop3.conf')), true);
  });
});
