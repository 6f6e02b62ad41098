// Static files and domains on the bootstrapped host, through the system nginx: the issue 8 attacks, now refused.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  appName,
  destroy,
  errorLines,
  get,
  hostOf,
  requireE2eEnvironment,
  sh,
  ssh,
  workingCopy,
  type WorkingCopy,
} from './helpers.js';

before(requireE2eEnvironment);

/** Commits everything in the working copy, symlinks included. */
async function commitAll(wc: WorkingCopy): Promise<void> {
  await sh('git', ['add', '-A'], { cwd: wc.dir });
  await wc.commit({ 'stamp.txt': `${Date.now()}\n` });
}

describe("the system nginx answers unknown hosts with hop3's 404", () => {
  it("a host name no app serves gets hop3's page, not a welcome page", async () => {
    for (const host of [`nobody-${process.pid}.example`, 'localhost', '127.0.0.1']) {
      const answer = await get(host);
      assert.equal(answer.status, 404, host);
      assert.match(answer.body, /no app is served at this address \(hop3\)/, host);
    }
  });
});

describe('static files stay inside the release', () => {
  const app = appName('pub');
  let wc: WorkingCopy;
  before(async () => {
    wc = await workingCopy(undefined, app);
    mkdirSync(join(wc.dir, 'public'));
    writeFileSync(join(wc.dir, 'public', 'index.html'), 'pub v1\n');
    symlinkSync('/etc/passwd', join(wc.dir, 'public', 'passwd.txt'));
    await wc.commit({ Procfile: 'static: public\n' });
    const push = await wc.push();
    assert.equal(push.code, 0, push.stderr);
  });
  after(async () => {
    wc.cleanup();
    await destroy(app);
  });

  it('serves no file through a symlink in the static directory', async () => {
    assert.deepEqual(await get(hostOf(app)), { status: 200, body: 'pub v1\n' });
    const leak = await get(hostOf(app), '/passwd.txt');
    assert.ok([403, 404].includes(leak.status), String(leak.status));
    assert.doesNotMatch(leak.body, /root:/);
  });

  it('refuses "static: public" with public -> / in one line, and keeps serving', async () => {
    rmSync(join(wc.dir, 'public'), { recursive: true });
    symlinkSync('/', join(wc.dir, 'public'));
    await commitAll(wc);
    const push = await wc.push();
    assert.notEqual(push.code, 0);
    const errors = errorLines(push.stderr).filter((l) => !/^ ! {5}(hint:| {2})/.test(l));
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0] ?? '', /static directory "public" resolves outside the release/);
    assert.deepEqual(await get(hostOf(app)), { status: 200, body: 'pub v1\n' });
    assert.doesNotMatch((await get(hostOf(app), '/etc/passwd')).body, /root:/);
  });
});

describe('a "static: ." site and a domain takeover', () => {
  const victim = appName('victim');
  const intruder = appName('intruder');
  const domain = `shop-${process.pid}.example`;
  const copies: WorkingCopy[] = [];
  after(async () => {
    for (const wc of copies) wc.cleanup();
    await destroy(victim);
    await destroy(intruder);
  });

  it('serves content, never /.env, /BUILD_ARTIFACT.json or the config files', async () => {
    const wc = await workingCopy(undefined, victim);
    copies.push(wc);
    await wc.commit({
      Procfile: 'static: .\n',
      'index.html': 'victim\n',
      '.env': 'SECRET=hunter2\n',
      'app.json': '{}\n',
      'hop3.toml': `[domains]\nlist = ["${domain}"]\n`,
    });
    const push = await wc.push();
    assert.equal(push.code, 0, push.stderr);
    assert.deepEqual(await get(domain), { status: 200, body: 'victim\n' });
    for (const path of [
      '/.env',
      '/BUILD_ARTIFACT.json',
      '/build.log',
      '/Procfile',
      '/app.json',
      '/hop3.toml',
      '/.git/config',
    ]) {
      assert.equal((await get(hostOf(victim), path)).status, 404, path);
    }
  });

  it("refuses an app whose hop3.toml claims the victim's domain, naming the victim; the victim keeps it", async () => {
    const wc = await workingCopy(undefined, intruder);
    copies.push(wc);
    await wc.commit({
      Procfile: 'static: .\n',
      'index.html': 'intruder\n',
      'hop3.toml': `[domains]\nlist = ["${domain}"]\n`,
    });
    const push = await wc.push();
    assert.notEqual(push.code, 0);
    assert.match(
      push.stderr,
      new RegExp(`domain ${domain.replace(/\./g, '\\.')} is already served by the app "${victim}"`),
    );
    assert.deepEqual(await get(domain), { status: 200, body: 'victim\n' });
    const add = await ssh(['domains:add', intruder, domain]);
    assert.equal(add.code, 6);
    assert.equal((await ssh(['domains:add', intruder, 'localhost'])).code, 2);
    assert.equal((await ssh(['restart', victim])).code, 0);
    assert.deepEqual(await get(domain), { status: 200, body: 'victim\n' });
  });
});
