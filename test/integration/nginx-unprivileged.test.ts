// nginx -t run as an unprivileged user (as the hop3 user runs it) still validates sites listening on port 80.
import assert from 'node:assert/strict';
import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { TEMPLATES_DIR } from '../../lib/install-root.js';
import { createPaths } from '../../lib/paths.js';
import { run } from '../../lib/proc/run.js';
import { which } from '../../lib/proc/which.js';
import type { ProxySite, Reporter, RunCommand } from '../../lib/sdk.js';
import { DEFAULT_SETTINGS } from '../../lib/settings.js';
import { createRenderer } from '../../lib/templates/render.js';
import nginx from '../../plugins/proxies/nginx/index.js';

const quiet: Reporter = { step() {}, info() {}, warn() {}, timed: (_t, fn) => fn(), redact() {} };
const AS_NOBODY = ['--reuid=nobody', '--regid=nogroup', '--clear-groups'];
const TEMP_PATHS = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'];

/** Gives `dir` and everything in it to nobody, so an nginx -t run as nobody can read and write it. */
function giveToNobody(dir: string): void {
  chownSync(dir, 65534, 65534);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) giveToNobody(path);
    else chownSync(path, 65534, 65534);
  }
}

describe('nginx -t as an unprivileged user for a site on port 80', () => {
  const home = mkdtempSync(join(tmpdir(), 'hop3-nginx-nobody-'));
  const testDir = join(home, 'nginx-test');
  after(() => rmSync(home, { recursive: true, force: true }));

  /** Runs every command as nobody, handing it the private check configuration first. */
  const asNobody: RunCommand = (file, args, options) => {
    if (args.includes('-t')) giveToNobody(args[args.indexOf('-p') + 1]!.replace(/\/$/, ''));
    return run('setpriv', [...AS_NOBODY, file, ...args], options);
  };

  const site = (revision: string, port: number): ProxySite => ({
    app: 'low',
    hosts: ['low.test'],
    upstreams: [`127.0.0.1:${port}`],
    static: [],
    revision,
  });

  it('validates through an unprivileged port, and still rejects what nginx refuses', async () => {
    chmodSync(home, 0o755);
    const binary = which('nginx');
    assert.ok(binary, 'nginx is not installed: these tests need it (apt-get install nginx)');
    const proxy = nginx({
      run: asNobody,
      render: createRenderer(TEMPLATES_DIR),
      log: quiet,
      paths: createPaths(home),
      settings: {
        ...DEFAULT_SETTINGS,
        sections: {
          nginx: { binary, reload: ['/bin/true'], sitesDir: join(home, 'nginx'), httpPort: 80 },
        },
      },
      which: (b) => which(b),
    });
    await proxy.prepare?.();
    await proxy.setup(site('low-v1-g1', 9));
    assert.match(readFileSync(join(home, 'nginx', 'low.conf'), 'utf8'), /listen 80;/);

    // The same site tested as it is, without moving the port, fails: this is what the port move avoids.
    mkdirSync(testDir, { recursive: true });
    const plain = join(testDir, 'plain.conf');
    const temps = TEMP_PATHS.map((t) => `${t}_temp_path ${testDir}/${t};`).join(' ');
    const http = `access_log off; ${temps} include ${home}/nginx/*.conf;`;
    writeFileSync(plain, `pid ${testDir}/p.pid; error_log stderr; events {} http { ${http} }\n`);
    giveToNobody(testDir);
    const args = ['-t', '-q', '-e', 'stderr', '-p', `${testDir}/`, '-c', plain];
    const direct = await run('setpriv', [...AS_NOBODY, binary, ...args], { reject: false });
    assert.match(direct.all, /bind\(\) to 0\.0\.0\.0:80 failed \(13: Permission denied\)/);

    writeFileSync(
      join(home, 'nginx', 'zz-other.conf'),
      'upstream hop3-low { server 127.0.0.1:9; }\n',
    );
    await assert.rejects(proxy.setup(site('low-v2-g2', 10)), {
      code: 'E_PROXY_REJECTED',
      message: /duplicate upstream "hop3-low" in .*\/nginx\/low\.conf:2/,
    });
  });
});
