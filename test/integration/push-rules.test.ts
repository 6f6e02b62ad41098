// Pushes through the real ssh forced command (git's ssh transport pointed at `hop3 ssh-command`) and the real
// HTTP endpoint: an app exists only once a push updates its deploy branch, pushes over git.maxPushMb are
// refused with E_PUSH_TOOLARGE, and a failed release's directory goes at once while its build log stays.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createContext } from '../../lib/cli/context.js';
import { createGitHttpServer } from '../../lib/git/http-server.js';
import { INSTALL_ROOT } from '../../lib/install-root.js';
import { exec, startStack, type Ran, type Stack } from '../helpers/stack.js';

let stack: Stack;
let work: string;
let fakeSsh: string;
let httpBase: string;
let closeHttp: () => Promise<void>;

/** git's ssh transport runs `<GIT_SSH> host "git-receive-pack 'app'"`: this runs hop3's forced command instead. */
function writeFakeSsh(home: string): string {
  const file = join(work, 'fake-ssh');
  const script = `#!/bin/sh\nfor last; do :; done\nSSH_ORIGINAL_COMMAND="$last" HOP3_HOME='${home}' exec '${join(INSTALL_ROOT, 'bin', 'hop3')}' ssh-command --key tester\n`;
  writeFileSync(file, script);
  chmodSync(file, 0o755);
  return file;
}

before(async () => {
  stack = await startStack();
  work = mkdtempSync(join(tmpdir(), 'hop3-push-rules-'));
  fakeSsh = writeFakeSsh(stack.home);
  const ctx = createContext({
    home: stack.home,
    stdout: process.stdout,
    stderr: process.stderr,
    via: 'local',
    user: 'test',
    env: {},
  });
  const token = ctx.state().tokens.create('pusher');
  const server = createGitHttpServer(ctx);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  httpBase = `http://hop3:${token}@127.0.0.1:${(server.address() as AddressInfo).port}`;
  closeHttp = () =>
    new Promise((done) => {
      server.close(() => done());
      server.closeAllConnections();
      ctx.close();
    });
});
after(async () => {
  await closeHttp();
  await stack.stop();
  rmSync(work, { recursive: true, force: true });
});

const sshUrl = (app: string): string => `ssh://hop3@fake/${app}`;
const httpUrl = (app: string): string => `${httpBase}/${app}.git`;

/** Runs git in `dir` with the fake ssh transport. */
function git(dir: string, args: string[]): Promise<Ran> {
  return exec('git', args, dir, { GIT_SSH: fakeSsh, GIT_SSH_VARIANT: 'simple' });
}

/** A working copy of a small static site. */
async function site(name: string, files: Record<string, string> = {}): Promise<string> {
  const dir = mkdtempSync(join(work, `${name}-`));
  writeFileSync(join(dir, 'Procfile'), 'static: .\n');
  writeFileSync(join(dir, 'index.html'), `${name} v1\n`);
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  await exec('git', ['init', '-q', '-b', 'main'], dir);
  await exec('git', ['add', '-A'], dir);
  await exec('git', ['commit', '-q', '-m', 'v1'], dir);
  return dir;
}

async function commit(dir: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  await exec('git', ['add', '-A'], dir);
  await exec('git', ['commit', '-q', '-m', 'change'], dir);
}

async function appNames(): Promise<string[]> {
  const r = await stack.hop3(['apps', '--json']);
  return (JSON.parse(r.stdout) as { name: string }[]).map((a) => a.name);
}

function setMaxPushMb(mb: number | undefined): void {
  const file = join(stack.home, 'settings.json');
  const settings = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  if (mb === undefined) delete settings.git;
  else settings.git = { maxPushMb: mb };
  writeFileSync(file, JSON.stringify(settings));
}

const repoOf = (app: string): string => join(stack.home, 'repos', `${app}.git`);

describe('an app exists only once a push updates its deploy branch', () => {
  for (const [transport, url] of [
    ['ssh', sshUrl],
    ['http', httpUrl],
  ] as const) {
    it(`${transport}: a session that pushes nothing (dry run, ls-remote) leaves no app and no repository`, async () => {
      const dir = await site(`ghost-${transport}`);
      const dry = await git(dir, ['push', '--dry-run', url(`ghost-${transport}`), 'main']);
      assert.equal(dry.code, 0, dry.stderr);
      await git(dir, ['ls-remote', url(`ghost-${transport}`)]);
      assert.deepEqual(await appNames(), []);
      assert.equal(
        existsSync(repoOf(`ghost-${transport}`)),
        false,
        'the repository made for the session is gone',
      );
    });

    it(`${transport}: a push refused before any ref is updated (not the deploy branch) leaves nothing`, async () => {
      const dir = await site(`refused-${transport}`);
      const push = await git(dir, ['push', url(`refused-${transport}`), 'main:feature']);
      assert.notEqual(push.code, 0);
      assert.match(push.stderr, /pushing refs\/heads\/feature is refused/);
      assert.deepEqual(await appNames(), []);
      assert.equal(existsSync(repoOf(`refused-${transport}`)), false);
    });
  }

  for (const [transport, url] of [
    ['ssh', sshUrl],
    ['http', httpUrl],
  ] as const) {
    it(`${transport}: a push of the deploy branch creates and deploys the app`, async () => {
      const dir = await site(`real-${transport}`);
      const push = await git(dir, ['push', url(`real-${transport}`), 'main']);
      assert.equal(push.code, 0, push.stderr);
      assert.ok((await appNames()).includes(`real-${transport}`));
      assert.match((await stack.get(`real-${transport}`)).body, /v1/);
    });
  }
});

describe('the maximum push size (git.maxPushMb)', () => {
  after(() => setMaxPushMb(undefined));

  for (const [transport, url] of [
    ['ssh', sshUrl],
    ['http', httpUrl],
  ] as const) {
    it(`${transport}: refuses a push over the limit with E_PUSH_TOOLARGE; the previous release keeps serving`, async () => {
      const app = `big-${transport}`;
      const dir = await site(app);
      assert.equal((await git(dir, ['push', url(app), 'main'])).code, 0);
      const before = (await exec('git', ['--git-dir', repoOf(app), 'rev-parse', 'main'])).stdout;
      const releases = (await stack.hop3(['releases', app, '--json'])).stdout;
      setMaxPushMb(1);
      await commit(dir, { 'index.html': `${app} v2\n`, 'blob.bin': randomBytes(3 * 1024 * 1024) });
      const push = await git(dir, ['push', url(app), 'main']);
      setMaxPushMb(undefined);
      assert.notEqual(push.code, 0);
      assert.match(
        push.stderr,
        /remote: {2}! {5}push refused: it is larger than this server's limit of 1 MB \(git\.maxPushMb\)/,
      );
      assert.match(push.stderr, /remote: {2}! {5}hint: .*"maxPushMb"/);
      assert.match(push.stderr, /\[remote rejected\] main -> main \(push too large\)/);
      assert.match((await stack.get(app)).body, /v1/);
      assert.equal(
        (await exec('git', ['--git-dir', repoOf(app), 'rev-parse', 'main'])).stdout,
        before,
      );
      assert.equal(
        (await stack.hop3(['releases', app, '--json'])).stdout,
        releases,
        'no release recorded',
      );
      const objects = readdirSync(join(repoOf(app), 'objects'));
      assert.ok(
        !objects.some((e) => e.startsWith('tmp_objdir')),
        `no quarantine left: ${objects.join(' ')}`,
      );
      const again = await git(dir, ['push', url(app), 'main']);
      assert.equal(
        again.code,
        0,
        `under the default limit the same push deploys:\n${again.stderr}`,
      );
      assert.match((await stack.get(app)).body, /v2/);
    });
  }

  it('refuses a limit that is not a whole number of at least 1', async () => {
    setMaxPushMb(0);
    const r = await stack.hop3(['apps']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /"git\.maxPushMb" must be a whole number of at least 1/);
  });
});

describe('a failed release', () => {
  it('loses its directory at once and keeps its build log for releases:info and logs --release', async () => {
    const dir = await site('broken');
    assert.equal((await git(dir, ['push', sshUrl('broken'), 'main'])).code, 0);
    await commit(dir, { Procfile: 'static: .\nrelease: echo migrating; exit 3\n' });
    const push = await git(dir, ['push', sshUrl('broken'), 'main']);
    assert.notEqual(push.code, 0);
    assert.match(push.stderr, /release command failed/);
    assert.match((await stack.get('broken')).body, /broken v1/);
    const releases = JSON.parse((await stack.hop3(['releases', 'broken', '--json'])).stdout) as {
      number: number;
      status: string;
      buildLog: string;
    }[];
    const failed = releases.find((r) => r.status === 'failed');
    assert.ok(failed);
    const releasesDir = join(stack.home, 'apps', 'broken', 'releases');
    assert.equal(
      existsSync(join(releasesDir, String(failed.number))),
      false,
      'the failed release directory is gone',
    );
    assert.deepEqual(readdirSync(releasesDir).sort(), ['1']);
    assert.equal(
      failed.buildLog,
      join(stack.home, 'apps', 'broken', 'meta', `${failed.number}.build.log`),
    );
    assert.match(readFileSync(failed.buildLog, 'utf8'), /migrating/);
    const log = await stack.hop3(['logs', 'broken', '--release', `v${failed.number}`]);
    assert.match(log.stdout, /migrating[\s\S]*release command failed/);
    const info = await stack.hop3(['releases:info', 'broken', `v${failed.number}`]);
    assert.match(info.stdout, /migrating/);
  });
});
