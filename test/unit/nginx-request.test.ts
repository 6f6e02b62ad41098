// The privileged step's request: static entries get the release root verified on disk, and hop3's files hidden.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { RELEASE_ROOT_FILES } from '../../lib/sdk.js';
import { parseProxyRequest } from '../../plugins/proxies/nginx/request.js';

describe('proxy request static entries', () => {
  const home = realpathSync(mkdtempSync(join(tmpdir(), 'hop3-request-')));
  after(() => rmSync(home, { recursive: true, force: true }));
  const release = join(home, 'apps', 'docs', 'releases', '2');
  mkdirSync(join(release, 'public'), { recursive: true });
  const request = (entry: Record<string, unknown>) => ({
    app: 'docs',
    hosts: ['docs.test'],
    upstreams: [],
    static: [entry],
    revision: 'docs-v2-g1',
  });

  it("sets within to the verified release whatever the request says, and hides hop3's files for the release root", () => {
    const site = parseProxyRequest(
      request({ url: '/', dir: release, within: '/', hidden: [] }),
      home,
      'docs',
    );
    assert.deepEqual(site.static, [
      { url: '/', dir: release, within: release, hidden: [...RELEASE_ROOT_FILES] },
    ]);
    const sub = parseProxyRequest(
      request({ url: '/', dir: join(release, 'public'), hidden: ['secret.txt'] }),
      home,
      'docs',
    );
    assert.deepEqual(sub.static, [
      { url: '/', dir: join(release, 'public'), within: release, hidden: ['secret.txt'] },
    ]);
  });

  it('refuses hidden names that are not plain file names', () => {
    for (const hidden of [['../x'], ['a b'], ['x;'], ['/etc']]) {
      assert.throws(
        () => parseProxyRequest(request({ url: '/', dir: release, hidden }), home, 'docs'),
        { code: 'E_PROXY_REJECTED' },
        hidden[0],
      );
    }
  });
});
