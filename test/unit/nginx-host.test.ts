// The nginx proxy's host set-up (run by hop3 setup as root): the conf.d include and the welcome site.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { TEMPLATES_DIR } from '../../lib/install-root.js';
import { createReporter } from '../../lib/output/reporter.js';
import { createRenderer } from '../../lib/templates/render.js';
import { disableDefaultSite, nginxIncludeText } from '../../plugins/proxies/nginx/host.js';

const render = createRenderer(TEMPLATES_DIR);

describe('nginx include', () => {
  it('raises the server name bucket size, answers unknown hosts with 404 and includes every hop3 site', () => {
    const text = nginxIncludeText(render, '/home/hop3/nginx', 80);
    assert.match(text, /^server_names_hash_bucket_size 128;$/m);
    assert.match(text, /^ {4}listen 80 default_server;$/m);
    assert.match(text, /^ {4}return 404 "[^"]*";$/m);
    assert.match(text, /^include "\/home\/hop3\/nginx\/\*\.conf";$/m);
    assert.throws(() => nginxIncludeText(render, '/home/hop3/nginx', 0), { code: 'E_SETUP' });
  });

  it("disables the distribution's welcome site link, and refuses an admin's default_server site", () => {
    const dir = mkdtempSync(join(tmpdir(), 'hop3-default-site-'));
    try {
      const available = join(dir, 'available-default');
      writeFileSync(available, 'server { listen 80 default_server; }\n');
      const enabled = join(dir, 'enabled-default');
      symlinkSync(available, enabled);
      const changes: string[] = [];
      const host = {
        changed: (what: string) => changes.push(what),
        log: createReporter({ write() {} }),
      };
      disableDefaultSite(enabled, host);
      assert.ok(!existsSync(enabled) && existsSync(available));
      assert.deepEqual(changes, ['nginx default site disabled']);
      disableDefaultSite(enabled, host);
      assert.equal(changes.length, 1, 'nothing to do the second time');
      writeFileSync(enabled, 'server { listen 80 default_server; }\n');
      assert.throws(() => disableDefaultSite(enabled, host), { code: 'E_SETUP' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
