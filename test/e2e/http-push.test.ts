// git push over HTTP with tokens: every request authenticated, including the unauthenticated-POST bypass.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import {
  appName,
  destroy,
  get,
  GIT_HTTP_PORT,
  HOST,
  hostOf,
  requireE2eEnvironment,
  sh,
  ssh,
  workingCopy,
} from './helpers.js';

before(requireE2eEnvironment);

/** A raw HTTP request to the git endpoint. */
function raw(
  method: string,
  path: string,
  headers: Record<string, string>,
  body = '',
): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const req = request({ host: HOST, port: GIT_HTTP_PORT, path, method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => done({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', fail);
    req.end(body);
  });
}

describe('HTTP push', () => {
  const app = appName('http');
  const tokenName = appName('tok');
  let token = '';
  before(async () => {
    const r = await ssh(['tokens:create', tokenName]);
    assert.equal(r.code, 0, r.stderr);
    token = r.stdout.trim();
    assert.match(token, /^hop3_/);
  });
  after(async () => {
    await ssh(['tokens:revoke', tokenName]);
    await destroy(app);
  });

  it('deploys with a valid token and streams the deploy output', async () => {
    const wc = await workingCopy(
      'static-site',
      app,
      `http://hop3:${token}@${HOST}:${GIT_HTTP_PORT}/${app}.git`,
    );
    try {
      const push = await wc.push();
      assert.equal(push.code, 0, push.stderr);
      assert.match(push.stderr, /remote: -----> Deployed/);
      assert.match((await get(hostOf(app))).body, /static-site/);
      const releases = JSON.parse((await ssh(['releases', app, '--json'])).stdout) as {
        pushedBy: string | null;
      }[];
      assert.equal(releases[0]?.pushedBy, `token:${tokenName}`, "recorded with the token's name");
    } finally {
      wc.cleanup();
    }
  });

  it('lists tokens without their secrets', async () => {
    const r = await ssh(['tokens:list']);
    assert.match(r.stdout, new RegExp(`^${tokenName}\\s`, 'm'));
    assert.ok(!r.stdout.includes(token));
  });

  it('refuses a wrong token', async () => {
    const wc = await workingCopy(
      'static-site',
      app,
      `http://hop3:hop3_wrong@${HOST}:${GIT_HTTP_PORT}/${app}.git`,
    );
    try {
      const push = await wc.push();
      assert.notEqual(push.code, 0);
      assert.match(push.stderr, /Authentication failed|401/);
    } finally {
      wc.cleanup();
    }
  });

  it('authenticates every request: an unauthenticated POST to git-receive-pack is refused', async () => {
    const refs = await sh('git', [
      'ls-remote',
      `http://hop3:${token}@${HOST}:${GIT_HTTP_PORT}/${app}.git`,
    ]);
    assert.equal(refs.code, 0, refs.stderr);
    const before = refs.stdout;
    const head = /^([0-9a-f]{40})\s+refs\/heads\/main$/m.exec(before)?.[1] ?? '';
    assert.ok(head);
    // A crafted receive-pack request that would delete main, sent without credentials.
    const line = `${head} ${'0'.repeat(40)} refs/heads/main\0report-status\n`;
    const pkt = `${(line.length + 4).toString(16).padStart(4, '0')}${line}0000`;
    for (const headers of [
      {},
      { authorization: `Basic ${Buffer.from('hop3:hop3_wrong').toString('base64')}` },
    ]) {
      const r = await raw(
        'POST',
        `/${app}.git/git-receive-pack`,
        { 'content-type': 'application/x-git-receive-pack-request', ...headers },
        pkt,
      );
      assert.equal(r.status, 401);
    }
    const info = await raw('GET', `/${app}.git/info/refs?service=git-receive-pack`, {});
    assert.equal(info.status, 401);
    const after = await sh('git', [
      'ls-remote',
      `http://hop3:${token}@${HOST}:${GIT_HTTP_PORT}/${app}.git`,
    ]);
    assert.equal(after.stdout, before, 'refs unchanged');
    assert.match((await get(hostOf(app))).body, /static-site/);
  });

  it('a token limited to another app cannot push here (403)', async () => {
    const other = appName('tok3');
    const created = await ssh(['tokens:create', other, '--apps', app]);
    assert.equal(created.code, 0, created.stderr);
    try {
      const elsewhere = appName('http-other');
      const r = await raw('GET', `/${elsewhere}.git/info/refs?service=git-receive-pack`, {
        authorization: `Basic ${Buffer.from(`hop3:${created.stdout.trim()}`).toString('base64')}`,
      });
      assert.equal(r.status, 403);
      assert.match(r.body, new RegExp(`may not push to or fetch app "${elsewhere}"`));
    } finally {
      await ssh(['tokens:revoke', other]);
    }
  });

  it('a revoked token no longer works', async () => {
    const other = appName('tok2');
    const created = await ssh(['tokens:create', other]);
    const secret = created.stdout.trim();
    assert.equal((await ssh(['tokens:revoke', other])).code, 0);
    const r = await raw('GET', `/${app}.git/info/refs?service=git-upload-pack`, {
      authorization: `Basic ${Buffer.from(`hop3:${secret}`).toString('base64')}`,
    });
    assert.equal(r.status, 401);
  });
});
