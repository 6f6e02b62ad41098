// Access per app with real processes: a token limited to one app pushes over real HTTP git to it and is
// refused for another; a limited ssh key, through the real forced command (bin/hop3 ssh-command), cannot
// read another app's config, reveal its addon, see it in listings, or push to it.
import assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createContext } from '../../lib/cli/context.js';
import { createGitHttpServer } from '../../lib/git/http-server.js';
import { INSTALL_ROOT } from '../../lib/install-root.js';
import { exec, startStack, type AppCopy, type Ran, type Stack } from '../helpers/stack.js';

const HOP3 = join(INSTALL_ROOT, 'bin', 'hop3');
const PUB =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB3mvVXmHdZ4wZ0Qb8DuP1j4yTqk3c5H1qH2Wq0b9Xl alice@laptop\n';

let stack: Stack;
let server: Server;
let port = 0;
let mine: AppCopy;
let theirs: AppCopy;
let token = '';

/** Runs a command the way sshd runs it for the key "alice": the forced command with SSH_ORIGINAL_COMMAND. */
function asAlice(command: string): Promise<Ran> {
  return exec(HOP3, ['ssh-command', '--key', 'alice'], undefined, {
    HOP3_HOME: stack.home,
    SSH_ORIGINAL_COMMAND: command,
  });
}

/** A raw request to the HTTP git server with the token. */
function raw(path: string, secret: string): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const auth = `Basic ${Buffer.from(`hop3:${secret}`).toString('base64')}`;
    const req = request(
      { host: '127.0.0.1', port, path, headers: { authorization: auth } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => done({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', fail);
    req.end();
  });
}

async function ok(args: string[]): Promise<Ran> {
  const r = await stack.hop3(args);
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  return r;
}

async function releases(app: string): Promise<{ number: number; pushedBy: string | null }[]> {
  return JSON.parse((await ok(['releases', app, '--json'])).stdout) as {
    number: number;
    pushedBy: string | null;
  }[];
}

before(async () => {
  stack = await startStack();
  mine = await stack.app('mine', 'static-site');
  theirs = await stack.app('theirs', 'static-site');
  const pushed = await theirs.push();
  assert.equal(pushed.code, 0, pushed.stderr);
  await ok(['config:set', 'theirs', 'SECRET=their-password', '--no-restart']);
  await ok(['addons:create', 'sqlite', 'theirdb', '--app', 'theirs']);
  const pub = join(stack.home, 'alice.pub');
  writeFileSync(pub, PUB);
  await ok(['ssh-keys:add', 'alice', pub, '--apps', 'mine']);
  token = (await ok(['tokens:create', 'ci', '--apps', 'mine'])).stdout.trim();
  const ctx = createContext({
    home: stack.home,
    stdout: process.stderr,
    stderr: process.stderr,
    via: 'local',
    user: 'test',
    env: { HOP3_HOME: stack.home },
  });
  server = createGitHttpServer(ctx);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  port = (server.address() as AddressInfo).port;
});
after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await stack.stop();
});

describe('a token limited to one app, over HTTP git', () => {
  it('cannot push to an app outside its scope (403 naming the app and access:add)', async () => {
    const before = await releases('theirs');
    await theirs.commit({ 'index.html': '<h1>defaced</h1>\n' });
    const push = await exec(
      'git',
      ['push', `http://hop3:${token}@127.0.0.1:${port}/theirs.git`, 'main'],
      theirs.dir,
    );
    assert.notEqual(push.code, 0, 'refused');
    assert.match(push.stderr, /403/);
    assert.deepEqual(await releases('theirs'), before, 'no release');
    assert.doesNotMatch((await stack.get('theirs')).body, /defaced/);
    const r = await raw('/theirs.git/info/refs?service=git-receive-pack', token);
    assert.equal(r.status, 403);
    assert.equal(
      r.body,
      'token "ci" may not push to or fetch app "theirs": an admin can grant access with: access:add theirs ci --token\n',
    );
    assert.equal(
      (await raw('/theirs.git/info/refs?service=git-upload-pack', token)).status,
      403,
      'nor fetch its code',
    );
  });

  it('cannot create an app by pushing to a new name', async () => {
    assert.equal((await raw('/fresh.git/info/refs?service=git-receive-pack', token)).status, 403);
    assert.equal((await stack.hop3(['config', 'fresh'])).code, 3, 'no app "fresh"');
  });

  it("pushes to its own app, and the release records the token's name", async () => {
    const push = await exec(
      'git',
      ['push', `http://hop3:${token}@127.0.0.1:${port}/mine.git`, 'main'],
      mine.dir,
    );
    assert.equal(push.code, 0, push.stderr);
    assert.match(push.stderr, /remote: -----> Deployed/);
    assert.match((await stack.get('mine')).body, /static-site/i);
    const [latest] = await releases('mine');
    assert.equal(latest?.pushedBy, 'token:ci');
  });
});

describe('an ssh key limited to one app, through the forced command', () => {
  it("cannot read another app's config", async () => {
    for (const command of ['config theirs', 'config:get theirs SECRET', 'config theirs --json']) {
      const r = await asAlice(command);
      assert.equal(r.code, 5, command);
      assert.doesNotMatch(r.stdout + r.stderr, /their-password/);
      assert.equal(
        r.stderr,
        ' !     ssh key "alice" may not use app "theirs"\n !     hint: an admin can grant access with: access:add theirs alice\n',
      );
    }
    const own = await asAlice('config mine');
    assert.equal(own.code, 0, own.stderr);
  });

  it("cannot reveal another app's addon, nor see it listed", async () => {
    const reveal = await asAlice('addons:info theirdb --reveal');
    assert.equal(reveal.code, 5);
    assert.equal(reveal.stdout, '');
    assert.match(
      reveal.stderr,
      /ssh key "alice" may not see addon "theirdb": it is attached to app "theirs"/,
    );
    for (const command of [
      'addons:backup theirdb',
      'addons:destroy theirdb --confirm theirdb',
      'addons:attach theirdb mine',
      'addons:restore theirdb /etc/passwd',
    ]) {
      assert.equal((await asAlice(command)).code, 5, command);
    }
    const list = await asAlice('addons --json');
    assert.equal(list.code, 0, list.stderr);
    assert.deepEqual(JSON.parse(list.stdout), []);
    const admin = await ok(['addons:info', 'theirdb', '--reveal']);
    assert.match(admin.stdout, /theirdb\.sqlite3/);
  });

  it('sees only its apps in listings', async () => {
    const r = await asAlice('apps --json');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      (JSON.parse(r.stdout) as { name: string }[]).map((a) => a.name),
      ['mine'],
    );
  });

  it('cannot manage keys, tokens or access', async () => {
    for (const command of [
      'tokens:list',
      'tokens:revoke ci',
      'access mine',
      'access:add theirs alice',
      'stop theirs',
    ]) {
      const r = await asAlice(command);
      assert.equal(r.code, 5, command);
    }
    assert.match((await ok(['tokens:list'])).stdout, /^ci\s/m, 'the token is still there');
  });

  it('cannot push to another app over git-receive-pack; pushes to its own', async () => {
    // git runs this instead of ssh: the same forced command sshd would run for the key.
    const fakeSsh = join(stack.home, 'fake-ssh');
    writeFileSync(
      fakeSsh,
      `#!/bin/sh\nfor last; do :; done\nSSH_ORIGINAL_COMMAND="$last" exec ${HOP3} ssh-command --key alice\n`,
    );
    chmodSync(fakeSsh, 0o755);
    const env = { GIT_SSH_COMMAND: fakeSsh, HOP3_HOME: stack.home };
    const before = await releases('theirs');
    const refused = await exec('git', ['push', 'ssh://hop3@host/theirs', 'main'], theirs.dir, env);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /ssh key "alice" may not use app "theirs"/);
    assert.deepEqual(await releases('theirs'), before);
    assert.notEqual(
      (await exec('git', ['ls-remote', 'ssh://hop3@host/theirs'], theirs.dir, env)).code,
      0,
      'nor fetch',
    );
    await mine.commit({ 'index.html': '<h1>static-site by alice</h1>\n' });
    const pushed = await exec('git', ['push', 'ssh://hop3@host/mine', 'main'], mine.dir, env);
    assert.equal(pushed.code, 0, pushed.stderr);
    const [latest] = await releases('mine');
    assert.equal(latest?.pushedBy, 'alice');
  });
});
