// The privileged proxy step (`hop3 priv:proxy-install`, run by root through sudo for the hop3 user): a request
// the hop3 user (so any app) crafted cannot add nginx directives, point at other hosts or serve other files.
import assert from 'node:assert/strict';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { INSTALL_ROOT } from '../../lib/install-root.js';
import { run } from '../../lib/proc/run.js';
import { httpGet, startNginx, type NginxServer } from '../helpers/nginx-server.js';
import { requireBuilt } from '../helpers/stack.js';

const HOP3 = join(INSTALL_ROOT, 'bin', 'hop3');
const home = mkdtempSync(join(tmpdir(), 'hop3-priv-'));
const release = (id: number): string => join(home, 'apps', 'web', 'releases', String(id));
let nginx: NginxServer;
let sites: string;

function writeSettings(reload?: string[]): void {
  const settings = {
    domain: 'hop3.test',
    nginx: { ...nginx.settings, ...(reload ? { reload } : {}) },
  };
  writeFileSync(join(home, 'settings.json'), JSON.stringify(settings), { mode: 0o644 });
}

/** Runs the privileged step as sudo would: as root, the request on stdin. */
function install(request: unknown, app = 'web'): Promise<{ exitCode: number; all: string }> {
  const input = typeof request === 'string' ? request : JSON.stringify(request);
  return run(HOP3, ['priv:proxy-install', '--home', home, app], {
    input,
    reject: false,
    timeoutMs: 60_000,
  });
}

const valid = (revision = 'web-v1-g1', dir = join(release(1), 'public')) => ({
  app: 'web',
  hosts: ['web.hop3.test'],
  upstreams: [] as string[],
  static: [{ url: '/', dir }],
  revision,
});

/** The sites directory's files and contents, to show a refused request changed nothing. */
const snapshot = (): Record<string, string> =>
  Object.fromEntries(readdirSync(sites).map((f) => [f, readFileSync(join(sites, f), 'utf8')]));

before(async () => {
  requireBuilt();
  nginx = await startNginx(home);
  sites = nginx.settings.sitesDir;
  writeSettings();
  for (const id of [1, 2]) {
    mkdirSync(join(release(id), 'public'), { recursive: true });
    writeFileSync(join(release(id), 'public', 'index.html'), `release ${id}\n`);
  }
  symlinkSync('/etc', join(release(1), 'etc-link'));
  symlinkSync(release(2), join(home, 'apps', 'web', 'releases', '3'));
});
after(async () => {
  await nginx.stop();
  rmSync(home, { recursive: true, force: true });
});

describe('priv:proxy-install', () => {
  it('installs a valid request: root-owned 0644 file, nginx -t passes, the site serves', async () => {
    const done = await install(valid());
    assert.equal(done.exitCode, 0, done.all);
    const st = statSync(join(sites, 'web.conf'));
    assert.equal(st.uid, 0);
    assert.equal(st.mode & 0o777, 0o644);
    const test = await run(
      nginx.binary,
      ['-t', '-q', '-p', `${nginx.prefix}/`, '-c', join(nginx.prefix, 'nginx.conf')],
      { reject: false },
    );
    assert.equal(test.exitCode, 0, test.all);
    await nginx.settled();
    const page = await httpGet(nginx.port, 'web.hop3.test', '/');
    assert.equal(page.status, 200);
    assert.equal(page.body, 'release 1\n');
  });

  const refusals: [string, unknown, RegExp][] = [
    [
      'an extra key carrying a directive',
      { ...valid(), extra: 'access_log /tmp/x.log;' },
      /unrecognized key|extra/i,
    ],
    ['a directive in the revision', valid('x"; access_log /tmp/hop3-owned.log; "'), /revision/],
    ['a host with ";"', { ...valid(), hosts: ['web.hop3.test; access_log /tmp/x.log'] }, /hosts/],
    [
      'a host with a newline',
      { ...valid(), hosts: ['web.hop3.test\naccess_log /tmp/x.log'] },
      /hosts/,
    ],
    [
      'an upstream to a non-loopback address',
      { ...valid(), upstreams: ['10.1.2.3:80'] },
      /upstreams/,
    ],
    [
      'an upstream carrying a second server',
      { ...valid(), upstreams: ['127.0.0.1:80; server 10.1.2.3:80'] },
      /upstreams/,
    ],
    [
      'a socket outside the app',
      { ...valid(), upstreams: ['unix:/run/other.sock'] },
      /not a socket under/,
    ],
    ['a static dir outside the release', valid('web-v2-g2', '/etc'), /not inside a release/],
    [
      'a static dir of another app',
      valid('web-v2-g2', join(home, 'apps', 'other', 'releases', '1')),
      /not inside a release/,
    ],
    [
      'a static dir escaping with ..',
      valid('web-v2-g2', `${release(1)}/../../../../..`),
      /not inside a release|plain absolute/,
    ],
    [
      'a static dir that is a symlink',
      valid('web-v2-g2', join(release(1), 'etc-link')),
      /not a real directory/,
    ],
    [
      'a symlinked release dir',
      valid('web-v2-g2', join(home, 'apps', 'web', 'releases', '3', 'public')),
      /not a real directory/,
    ],
    [
      'a static dir that does not exist',
      valid('web-v2-g2', join(release(1), 'missing')),
      /does not exist/,
    ],
    ['another app than the argument', { ...valid(), app: 'other' }, /another app/],
    ['text that is not JSON', 'server { listen 80; }', /not JSON/],
  ];
  for (const [what, request, why] of refusals) {
    it(`refuses ${what} and installs nothing`, async () => {
      const before = snapshot();
      const done = await install(request);
      assert.equal(done.exitCode, 8, done.all);
      assert.match(done.all, /proxy request for "web" refused/);
      assert.match(done.all, why);
      assert.deepEqual(snapshot(), before);
    });
  }

  it('refuses an app argument that is not an app name', async () => {
    const done = await install(valid(), '../web');
    assert.notEqual(done.exitCode, 0);
    assert.deepEqual(
      readdirSync(sites).filter((f) => !/^(web|_hop3)\.conf$/.test(f)),
      [],
    );
  });

  it('is hidden from help', async () => {
    const help = await run(HOP3, ['help'], { reject: false, env: { HOP3_HOME: home } });
    assert.doesNotMatch(help.all, /priv:/);
  });

  it('restores the previous site when the reload fails', async () => {
    const previous = readFileSync(join(sites, 'web.conf'), 'utf8');
    writeSettings(['/bin/false']);
    try {
      const done = await install(valid('web-v2-g2', join(release(2), 'public')));
      assert.equal(done.exitCode, 8, done.all);
      assert.match(done.all, /nginx reload failed/);
      assert.equal(readFileSync(join(sites, 'web.conf'), 'utf8'), previous);
    } finally {
      writeSettings();
    }
    const page = await httpGet(nginx.port, 'web.hop3.test', '/');
    assert.equal(page.body, 'release 1\n');
  });

  it('refuses settings.json when a non-root user can write it', async () => {
    const file = join(home, 'settings.json');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text, { mode: 0o666 });
    const { chmodSync } = await import('node:fs');
    chmodSync(file, 0o666);
    try {
      const done = await install(valid('web-v3-g3'));
      assert.equal(done.exitCode, 1, done.all);
      assert.match(
        done.all,
        /settings\.json can be changed by a user other than root: refusing to load it as root/,
      );
    } finally {
      chmodSync(file, 0o644);
    }
  });

  it('priv:proxy-remove removes the site and reloads', async () => {
    const done = await run(HOP3, ['priv:proxy-remove', '--home', home, 'web'], { reject: false });
    assert.equal(done.exitCode, 0, done.all);
    assert.deepEqual(Object.keys(snapshot()).sort(), ['_hop3.conf']);
    await nginx.settled();
    assert.equal((await httpGet(nginx.port, 'web.hop3.test', '/')).status, 404);
  });
});
