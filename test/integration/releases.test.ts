// Releases over time: rollback to an earlier build and config, retention of builds, scaling, deploy logs.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startStack, type AppCopy, type Stack } from '../helpers/stack.js';

let stack: Stack;
let copy: AppCopy;
before(async () => {
  stack = await startStack();
});
after(async () => {
  await stack.stop();
});

const APP = 'hist';
const files = (version: string): Record<string, string> => ({
  Procfile: 'web: python3 -u server.py\n',
  VERSION: `${version}\n`,
  'server.py': [
    'import http.server, os',
    'class H(http.server.BaseHTTPRequestHandler):',
    '    def do_GET(self):',
    "        body = f\"{os.environ.get('GREETING', 'hello')} {open('VERSION').read().strip()} {os.environ['PROC_TYPE']}\\n\"",
    '        self.send_response(200); self.end_headers(); self.wfile.write(body.encode())',
    '    def log_message(self, *args): pass',
    "http.server.ThreadingHTTPServer((os.environ['BIND_ADDRESS'], int(os.environ['PORT'])), H).serve_forever()",
    '',
  ].join('\n'),
});

async function deploy(version: string, greeting: string): Promise<void> {
  if (version === 'v1') copy = await stack.app(APP, files('v1'));
  else await copy.commit({ VERSION: `${version}\n` });
  assert.equal(
    (await stack.hop3(['config:set', APP, `GREETING=${greeting}`, '--no-restart'])).code,
    0,
  );
  const push = await copy.push();
  assert.equal(push.code, 0, push.stderr);
}

describe('rollback', () => {
  it('deploys v1, v2 and v3, each with its own config', async () => {
    await deploy('v1', 'one');
    await deploy('v2', 'two');
    await deploy('v3', 'three');
    assert.match((await stack.get(APP)).body, /^three v3/);
  });

  it('rolls back to v1: v1 body and v1 config, recorded as a new release, no rebuild', async () => {
    const r = await stack.hop3(['rollback', APP, 'v1']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Rolling hist back to v1 as v4 \(no rebuild\)/);
    assert.doesNotMatch(r.stdout, /detected|Installing|Creating a virtualenv/);
    assert.match((await stack.get(APP)).body, /^one v1/);
    assert.equal((await stack.hop3(['config:get', APP, 'GREETING'])).stdout, 'one\n');
    const releases = (await stack.hop3(['releases', APP])).stdout;
    assert.match(releases, /^v4\*\s+succeeded\s+\w{7}.*Rollback to v1$/m);
    assert.match(releases, /^v3\s+succeeded/m);
  });

  it('rolls back by default to the successful release before the current one', async () => {
    const r = await stack.hop3(['rollback', APP]);
    assert.equal(r.code, 0, r.stderr);
    assert.match((await stack.get(APP)).body, /^three v3/);
    assert.match(
      (await stack.hop3(['releases', APP])).stdout,
      /^v5\*\s+succeeded.*Rollback to v3$/m,
    );
  });

  it('refuses a failed release, an unknown one, and a bad id, changing nothing', async () => {
    await copy.commit({ Procfile: 'web: python3 -u server.py\nrelease: exit 4\n' });
    assert.notEqual((await copy.push()).code, 0);
    for (const [arg, code, message] of [
      ['v6', 3, /v6 of hist failed: only successful releases/],
      ['v99', 3, /app "hist" has no release v99/],
      ['latest', 2, /invalid release "latest"/],
    ] as const) {
      const r = await stack.hop3(['rollback', APP, arg]);
      assert.equal(r.code, code, r.stderr);
      assert.match(r.stderr, message);
    }
    assert.match((await stack.get(APP)).body, /^three v3/);
    await copy.commit({ Procfile: 'web: python3 -u server.py\n' });
  });

  it('shows a release and its build log, and logs --release', async () => {
    const info = await stack.hop3(['releases:info', APP, '1']);
    assert.equal(info.code, 0, info.stderr);
    assert.match(info.stdout, /^Release:\s+v1$/m);
    assert.match(info.stdout, /-----> Deployed hist v1/);
    const failed = await stack.hop3(['logs', APP, '--release', 'v6']);
    assert.match(failed.stdout, /release command failed/);
  });
});

describe('retention', () => {
  it('keeps the builds of the last successful releases only, and says what it freed', async () => {
    const r = await stack.hop3(['apps:cleanup', APP, '--keep', '1']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /removed \d+ build\(s\) \(v1, v2/);
    assert.match(r.stdout, /freed \d+\.\d MB/);
    const dir = join(stack.home, 'apps', APP, 'releases');
    assert.deepEqual(readdirSync(join(dir, '1')), [], 'the old build is removed');
    assert.ok(
      existsSync(join(stack.home, 'apps', APP, 'meta', '1.build.log')),
      'its build log stays',
    );
    assert.ok(
      existsSync(join(stack.home, 'apps', APP, 'meta', '3.artifact.json')),
      'the current build stays',
    );
    assert.ok(readdirSync(join(dir, '3')).length > 0, 'the current build stays');
    assert.match((await stack.get(APP)).body, /^three v3/);
  });

  it('refuses to roll back to a removed build, naming the fix', async () => {
    const r = await stack.hop3(['rollback', APP, 'v2']);
    assert.equal(r.code, 3);
    assert.match(r.stderr, /the build of v2 was removed/);
    assert.match(r.stderr, /git push -f hop3 \w{7}:main/);
  });

  it('refuses to deploy when the disk is nearly full', async () => {
    const file = join(stack.home, 'settings.json');
    const saved = readFileSync(file, 'utf8');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(saved), minFreeDiskMb: 100_000_000 }));
    try {
      await copy.commit({ VERSION: 'v9\n' });
      const push = await copy.push();
      assert.notEqual(push.code, 0);
      assert.match(push.stderr, /free on the disk of .*: a deploy needs 100000000 MB/);
    } finally {
      writeFileSync(file, saved);
    }
    assert.match((await stack.get(APP)).body, /^three v3/);
  });
});

describe('ps:scale', () => {
  it('runs several web instances behind nginx and a worker, without downtime', async () => {
    await copy.commit({
      Procfile: 'web: python3 -u server.py\nworker: sleep 100000\n',
      VERSION: 'v10\n',
    });
    const push = await copy.push();
    assert.equal(push.code, 0, push.stderr);
    const r = await stack.hop3(['ps:scale', APP, 'web=3', 'worker=2']);
    assert.equal(r.code, 0, r.stderr);
    const ps = JSON.parse((await stack.hop3(['ps', APP, '--json'])).stdout) as {
      process: string;
      state: string;
      port?: number;
    }[];
    const webs = ps.filter((i) => i.process === 'web');
    assert.equal(webs.length, 3);
    assert.equal(new Set(webs.map((i) => i.port)).size, 3, 'each web instance has its own port');
    assert.equal(ps.filter((i) => i.process === 'worker').length, 2);
    const site = readFileSync(join(stack.home, 'nginx', `${APP}.conf`), 'utf8');
    assert.equal(site.match(/server 127\.0\.0\.1:\d+/g)?.length, 3);
    assert.match((await stack.get(APP)).body, /v10 web/);
  });

  it('refuses unknown process types and bad counts', async () => {
    for (const arg of ['wrker=1', 'web=-1', 'web=999', 'web']) {
      const r = await stack.hop3(['ps:scale', APP, arg]);
      assert.notEqual(r.code, 0, arg);
    }
    assert.match(
      (await stack.hop3(['ps:scale', APP, 'wrker=1'])).stderr,
      /no process type "wrker" \(it has: web, worker\)/,
    );
  });

  it('scales to zero and back; ps shows the stopped type', async () => {
    assert.equal((await stack.hop3(['ps:scale', APP, 'worker=0'])).code, 0);
    const ps = (await stack.hop3(['ps', APP])).stdout;
    assert.match(ps, /^worker\.1\s+stopped/m);
    assert.equal((await stack.hop3(['ps:scale', APP, 'worker=1', 'web=1'])).code, 0);
    assert.match((await stack.hop3(['ps', APP])).stdout, /^worker\.1\s+running/m);
  });
});
