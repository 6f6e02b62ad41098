// Bad pushes and bad commands: a non-zero exit, a one-line message naming the cause, and the old release serving.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  appName,
  destroy,
  errorLines,
  get,
  hostOf,
  HOST,
  requireE2eEnvironment,
  ssh,
  sshRaw,
  workingCopy,
  type WorkingCopy,
} from './helpers.js';

before(requireE2eEnvironment);

describe('a bad push is rejected and the previous release keeps serving', () => {
  const app = appName('guard');
  let wc: WorkingCopy;
  before(async () => {
    wc = await workingCopy('node-express', app);
    const push = await wc.push();
    assert.equal(push.code, 0, push.stderr);
    assert.match((await get(hostOf(app))).body, /hello v1/);
  });
  after(async () => {
    wc.cleanup();
    await destroy(app);
  });

  /** Commits `files`, pushes, and checks the rejection and that v1 still answers. */
  async function rejected(files: Record<string, string>, cause: RegExp): Promise<void> {
    await wc.commit(files);
    const push = await wc.push();
    assert.notEqual(push.code, 0, 'the push must fail');
    assert.match(push.stderr, /pre-receive hook declined/);
    const errors = errorLines(push.stderr).filter((l) => !/^ ! {5}(hint:| {2})/.test(l));
    assert.equal(errors.length, 1, `one error line, got:\n${errors.join('\n')}`);
    assert.match(errors[0] ?? '', cause);
    const answer = await get(hostOf(app));
    assert.equal(answer.status, 200);
    assert.match(answer.body, /hello v1/, 'the previous release keeps serving');
    await wc.commit({
      Procfile: 'web: node server.js\n',
      VERSION: 'v1\n',
      'package.json': originalPackageJson,
    });
  }

  let originalPackageJson = '';
  before(async () => {
    const { readFileSync } = await import('node:fs');
    originalPackageJson = readFileSync(`${wc.dir}/package.json`, 'utf8');
  });

  it('a build that fails (npm lifecycle script exits 1)', async () => {
    const pkg = JSON.parse(originalPackageJson) as { scripts?: Record<string, string> };
    pkg.scripts = { ...pkg.scripts, postinstall: 'echo broken-build >&2; exit 1' };
    await rejected(
      { 'package.json': JSON.stringify(pkg, null, 2), VERSION: 'v2\n' },
      /build failed/,
    );
  });

  it('a release command that fails', async () => {
    await rejected(
      { Procfile: 'web: node server.js\nrelease: echo migrating; exit 3\n', VERSION: 'v2\n' },
      /release command failed/,
    );
  });

  it('a web process that exits on start', async () => {
    await rejected(
      { Procfile: 'web: node -e "process.exit(1)"\n', VERSION: 'v2\n' },
      /web\.1 exited during startup/,
    );
  });

  it('a Procfile line without a colon', async () => {
    await rejected(
      { Procfile: 'web node server.js\n', VERSION: 'v2\n' },
      /Procfile line 1: missing ":"/,
    );
  });

  it('a push to another branch', async () => {
    await wc.commit({ VERSION: 'v2\n' });
    const push = await wc.push('main:feature');
    assert.notEqual(push.code, 0);
    assert.match(push.stderr, /refs\/heads\/feature is refused: only main deploys/);
    assert.match((await get(hostOf(app))).body, /hello v1/);
  });

  it('records the failed releases with their errors', async () => {
    const r = await ssh(['releases', app, '-n', '50']);
    assert.match(r.stdout, /failed .*build failed/);
    assert.match(r.stdout, /failed .*release command failed/);
    assert.match(r.stdout, /failed .*exited during startup/);
  });
});

describe('invalid names and commands are refused with a clear error', () => {
  for (const name of ['../x', 'A_B', 'a'.repeat(70)]) {
    it(`push to app ${JSON.stringify(name.length > 20 ? `${name.slice(0, 10)}...` : name)}`, async () => {
      const wc = await workingCopy('static-site', 'x', `hop3@${HOST}:${name}`);
      try {
        const push = await wc.push();
        assert.notEqual(push.code, 0);
        assert.match(push.stderr, /invalid app name/);
      } finally {
        wc.cleanup();
      }
    });
  }

  it('config:set with key 1BAD', async () => {
    const r = await ssh(['config:set', 'anything', '1BAD=x']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /invalid config key "1BAD"|app "anything" does not exist/);
  });

  it('an ssh command that is not a hop3 command runs nothing', async () => {
    const marker = `/tmp/hop3-e2e-pwned-${process.pid}`;
    const r = await sshRaw(`bash -c 'id > ${marker}'`);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /"bash" is not a hop3 command/);
    const { existsSync } = await import('node:fs');
    assert.ok(!existsSync(marker), 'nothing ran');
    const semi = await sshRaw(`apps; touch ${marker}`);
    assert.notEqual(semi.code, 0);
    assert.ok(!existsSync(marker), 'no shell operator ran');
  });

  it("config:set app 'X=$(id)' stores the literal text", async () => {
    const app = appName('literal');
    const create = await ssh(['apps:create', app]);
    assert.equal(create.code, 0, create.stderr);
    try {
      const set = await sshRaw(`config:set ${app} 'X=$(id); echo *' --no-restart`);
      assert.equal(set.code, 0, set.stderr);
      assert.equal((await ssh(['config:get', app, 'X'])).stdout, '$(id); echo *\n');
    } finally {
      await destroy(app);
    }
  });
});
