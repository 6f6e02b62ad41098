// Golden-file tests of the nginx site template, and the checks that keep unsafe values out of it.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { TEMPLATES_DIR, INSTALL_ROOT } from '../../lib/install-root.js';
import type { ProxySite } from '../../lib/sdk.js';
import { createRenderer } from '../../lib/templates/render.js';
import { renderGlobal, renderSite } from '../../plugins/proxies/nginx/site.js';

const render = createRenderer(TEMPLATES_DIR);
const GOLDEN = join(INSTALL_ROOT, 'test', 'fixtures', 'golden', 'nginx');
const release = (app: string, dir: string): string => `/home/hop3/apps/${app}/releases/3/${dir}`;

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

const base: ProxySite = {
  app: 'shop',
  hosts: ['shop.example.com'],
  upstreams: [],
  static: [],
  revision: 'shop-v3-g7',
};

describe('nginx site template', () => {
  it('balances across two upstreams and serves every host', () => {
    const site = {
      ...base,
      hosts: ['shop.example.com', 'www.shop.test'],
      upstreams: ['127.0.0.1:5001', '127.0.0.1:5002'],
    };
    assertGolden('two-upstreams.conf', renderSite(render, site, 80));
  });

  it('serves a static-only site from its directory', () => {
    const site = {
      ...base,
      app: 'docs',
      hosts: ['docs.example.com'],
      static: [{ url: '/', dir: release('docs', 'public') }],
      revision: 'docs-v1-g1',
    };
    assertGolden('static-only.conf', renderSite(render, site, 80));
  });

  it('serves /assets from disk and the rest from the app', () => {
    const site = {
      ...base,
      upstreams: ['127.0.0.1:5003'],
      static: [{ url: '/assets', dir: `${release('shop', 'assets')}/` }],
    };
    assertGolden('upstream-and-assets.conf', renderSite(render, site, 8080));
  });

  it("serves the release root without symlinks, dotfiles, hop3's files or the app's config", () => {
    const root = '/home/hop3/apps/docs/releases/3';
    const site = {
      ...base,
      app: 'docs',
      hosts: ['docs.example.com'],
      static: [{ url: '/', dir: root, within: root, hidden: ['BUILD_ARTIFACT.json', 'Procfile'] }],
      revision: 'docs-v1-g1',
    };
    assertGolden('static-release-root.conf', renderSite(render, site, 80));
  });

  it('renders the global file with the websocket Connection map', () => {
    assertGolden('_hop3.conf', renderGlobal(render));
  });
});

describe('nginx site values', () => {
  const rejects = (site: Partial<ProxySite>, port = 80): void => {
    assert.throws(
      () => renderSite(render, { ...base, upstreams: ['127.0.0.1:5001'], ...site }, port),
      { code: 'E_INVALID_VALUE' },
    );
  };

  it('refuses host names that are not RFC 1123 names', () => {
    rejects({ hosts: ['a.example.com; include /etc/passwd'] });
    rejects({ hosts: ['Shop.example.com'] });
    rejects({ hosts: ['-bad.example.com'] });
    rejects({ hosts: [] });
  });

  it('refuses upstreams that are not address:port', () => {
    rejects({ upstreams: ['127.0.0.1:80; server evil:1'] });
    rejects({ upstreams: ['127.0.0.1:70000'] });
    rejects({ upstreams: ['localhost:80'] });
  });

  it('refuses static directories and paths that could escape their quotes or the app', () => {
    rejects({ static: [{ url: '/', dir: '/srv/a"; root /etc; "' }] });
    rejects({ static: [{ url: '/', dir: '/srv/$document_root' }] });
    rejects({ static: [{ url: '/', dir: 'relative/dir' }] });
    rejects({ static: [{ url: '/', dir: '/srv/../etc' }] });
    rejects({ static: [{ url: '/../x', dir: '/srv/x' }] });
    rejects({ static: [{ url: '/a b', dir: '/srv/x' }] });
  });

  it('refuses bad app names, revisions and ports', () => {
    rejects({ app: '../etc' });
    rejects({ revision: 'v1"; return 500' });
    rejects({}, 0);
  });

  it('lists each host once, in order', () => {
    const text = renderSite(
      render,
      { ...base, hosts: ['a.example.com', 'b.example.com', 'a.example.com'] },
      80,
    );
    assert.match(text, /server_name a\.example\.com b\.example\.com;/);
  });
});
