// The event log filled by real commands and pushes, `events -t` following from another process, and doctor
// on a private stack (its nginx and emperor): healthy app checks, a missing site, the disk threshold, nginx stopped.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { doctorShape, eventsShape, type DoctorReport } from '../../lib/cli/json-shapes.js';
import { INSTALL_ROOT } from '../../lib/install-root.js';
import { startStack, type AppCopy, type Stack } from '../helpers/stack.js';

let stack: Stack;
let copy: AppCopy;
before(async () => {
  stack = await startStack();
});
after(async () => {
  await stack.stop();
});

const APP = 'evt';
const files = {
  Procfile: 'web: python3 -u server.py\n',
  'server.py': [
    'import http.server, os',
    'class H(http.server.BaseHTTPRequestHandler):',
    '    def do_GET(self):',
    "        self.send_response(200); self.end_headers(); self.wfile.write(b'ok\\n')",
    '    def log_message(self, *args): pass',
    "http.server.ThreadingHTTPServer((os.environ['BIND_ADDRESS'], int(os.environ['PORT'])), H).serve_forever()",
    '',
  ].join('\n'),
};

async function ok(args: string[]): Promise<string> {
  const r = await stack.hop3(args);
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

async function events(): Promise<
  { app: string | null; actor: string; action: string; summary: string }[]
> {
  return eventsShape.parse(JSON.parse(await ok(['events', '--json', '-n', '100'])));
}

async function doctor(
  args: string[] = [],
): Promise<{ code: number; report: DoctorReport; text: string }> {
  const json = await stack.hop3(['doctor', '--json', ...args]);
  const parsed = doctorShape.safeParse(JSON.parse(json.stdout));
  assert.ok(parsed.success, parsed.error?.message);
  const text = await stack.hop3(['doctor', ...args]);
  assert.equal(text.code, json.code);
  return { code: json.code, report: parsed.data, text: text.stdout };
}

const check = (report: DoctorReport, name: string) => report.checks.find((c) => c.check === name);

describe('event log', () => {
  it('records pushes, config keys (never values), scale, rollback, failed deploys, addons and tokens', async () => {
    copy = await stack.app(APP, files);
    assert.equal((await copy.push()).code, 0);
    await ok(['config:set', APP, 'SECRET_KEY=do-not-log-me']);
    await ok(['ps:scale', APP, 'web=2']);
    await ok(['rollback', APP, 'v1']);
    await copy.commit({ Procfile: 'web: python3 -u server.py\nrelease: exit 4\n' });
    assert.notEqual((await copy.push()).code, 0);
    await ok(['addons:create', 'sqlite', 'evtdb', '--app', APP]);
    await ok(['addons:detach', 'evtdb', APP, '--no-restart']);
    const secret = (await ok(['tokens:create', 'ci'])).trim();
    await ok(['tokens:revoke', 'ci']);

    const all = await events();
    const mine = all.map((e) => [e.app, e.action, e.summary]);
    assert.deepEqual(mine, [
      [APP, 'apps:create', 'created'],
      [APP, 'deploy', mine[1]?.[2]],
      [APP, 'config:set', 'set SECRET_KEY'],
      [APP, 'ps:scale', 'scaled web=2'],
      [APP, 'rollback', 'rolled back to v1'],
      [APP, 'deploy', mine[5]?.[2]],
      [APP, 'addons:create', 'created sqlite addon evtdb'],
      [APP, 'addons:detach', 'detached addon evtdb'],
      [null, 'tokens:create', 'created token ci (admin)'],
      [null, 'tokens:revoke', 'revoked token ci'],
    ]);
    assert.match(String(mine[1]?.[2]), /^Deploy [0-9a-f]{7}: v1 succeeded$/);
    assert.match(String(mine[5]?.[2]), /^Deploy [0-9a-f]{7}: v\d+ failed \(E_RELEASE_FAILED\)$/);
    assert.equal(all[1]?.actor, 'unknown', 'a local push names no pusher');
    const raw = await ok(['events', '-n', '100']);
    assert.doesNotMatch(raw, /do-not-log-me/);
    assert.ok(!raw.includes(secret));
  });

  it('events -t prints new events as they are recorded, from another process', async () => {
    const child = spawn(join(INSTALL_ROOT, 'bin', 'hop3'), ['events', APP, '-t', '-n', '0'], {
      env: { ...process.env, HOP3_HOME: stack.home },
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    try {
      await new Promise((r) => setTimeout(r, 1500));
      await ok(['config:unset', APP, 'SECRET_KEY', '--no-restart']);
      const deadline = Date.now() + 10_000;
      while (!out.includes('config:unset') && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      assert.match(out, /^\S+ \S+ {2}evt {2}\S+ {2}config:unset {2}unset SECRET_KEY\n$/);
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise((r) => child.on('close', r));
    assert.equal(code, 0, 'SIGTERM ends the follow cleanly');
  });
});

describe('doctor', () => {
  it("passes the app's checks on a healthy stack: processes, the site, an answer through nginx", async () => {
    const { report, text } = await doctor();
    for (const name of [
      'settings.json',
      'state database',
      'free space',
      'proxy nginx configuration',
      'nginx',
      `nginx site of ${APP}`,
      `app ${APP} processes`,
      `app ${APP} http`,
    ]) {
      assert.equal(
        check(report, name)?.ok,
        true,
        `${name}: ${JSON.stringify(check(report, name))}`,
      );
    }
    assert.match(check(report, `app ${APP} processes`)?.detail ?? '', /2 of 2 running/);
    assert.match(text, /^ok {4}apps {6}app evt http: nginx answers for evt\.hop3\.test/m);
  });

  it('fails the disk check below --min-free-mb, and exits 1', async () => {
    const { code, report, text } = await doctor(['--min-free-mb', '999999999']);
    assert.equal(code, 1);
    assert.equal(report.ok, false);
    assert.equal(check(report, 'free space')?.ok, false);
    assert.match(
      text,
      /^FAIL {2}disk {6}free space: .*minimum 999999999 MB.*-> fix: free some space/m,
    );
  });

  it('names a missing site and its fix; the fix works', async () => {
    rmSync(join(stack.nginx.settings.sitesDir, `${APP}.conf`));
    const { report } = await doctor();
    assert.deepEqual(check(report, `nginx site of ${APP}`), {
      ...check(report, `nginx site of ${APP}`),
      ok: false,
      fix: `hop3 restart ${APP}`,
    });
    await ok(['restart', APP]);
    assert.equal(check((await doctor()).report, `nginx site of ${APP}`)?.ok, true);
  });

  it('with nginx stopped, names nginx and the apps it no longer serves', async () => {
    await stack.nginx.stop();
    const { code, report, text } = await doctor();
    assert.equal(code, 1);
    assert.equal(check(report, 'nginx')?.ok, false);
    assert.equal(check(report, `app ${APP} http`)?.ok, false);
    assert.equal(check(report, `app ${APP} processes`)?.ok, true, 'the processes still run');
    assert.match(
      text,
      /^FAIL {2}services {2}nginx: not running .*-> fix: start it as root: hop3 boot$/m,
    );
  });
});
