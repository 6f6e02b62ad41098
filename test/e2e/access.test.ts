// Access per app over real ssh: a key limited to one app (added on the server with --apps) cannot read
// another app's config, reveal its addon, see it listed or push to it; it pushes to its own app.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { shellQuote } from '../../lib/domain/shell-words.js';
import {
  appName,
  destroy,
  errorLines,
  get,
  HOST,
  hostOf,
  requireE2eEnvironment,
  sh,
  ssh,
  workingCopy,
  type Result,
  type WorkingCopy,
} from './helpers.js';

before(requireE2eEnvironment);

const SSH_OPTIONS = [
  '-o',
  'StrictHostKeyChecking=no',
  '-o',
  'UserKnownHostsFile=/dev/null',
  '-o',
  'LogLevel=ERROR',
  '-o',
  'BatchMode=yes',
];

describe('a limited ssh key', () => {
  const mine = appName('acc-mine');
  const theirs = appName('acc-theirs');
  const addon = appName('acc-db');
  const keyName = appName('limited');
  const dir = mkdtempSync(join(tmpdir(), 'hop3-e2e-access-'));
  const key = join(dir, 'id_ed25519');
  const asLimited = (words: string[]): Promise<Result> =>
    sh('ssh', ['-i', key, ...SSH_OPTIONS, `hop3@${HOST}`, words.map(shellQuote).join(' ')]);
  const limitedGit = {
    GIT_SSH_COMMAND: ['ssh', '-i', key, ...SSH_OPTIONS].map(shellQuote).join(' '),
  };
  const copies: WorkingCopy[] = [];

  before(async () => {
    chmodSync(dir, 0o755);
    assert.equal(
      (await sh('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'limited@e2e', '-f', key]))
        .code,
      0,
    );
    chmodSync(`${key}.pub`, 0o644);
    for (const app of [mine, theirs]) {
      const wc = await workingCopy('static-site', app);
      copies.push(wc);
      const push = await wc.push();
      assert.equal(push.code, 0, push.stderr);
    }
    assert.equal((await ssh(['config:set', theirs, 'SECRET=their-password'])).code, 0);
    const created = await ssh(['addons:create', 'sqlite', addon, '--app', theirs]);
    assert.equal(created.code, 0, created.stderr);
    // Keys are host administration: added on the server (the suite runs there as root).
    const added = await sh('hop3', ['ssh-keys:add', keyName, `${key}.pub`, '--apps', mine]);
    assert.equal(added.code, 0, added.stderr);
  });
  after(async () => {
    await sh('hop3', ['ssh-keys:remove', keyName]);
    await ssh(['addons:detach', addon, theirs, '--no-restart']);
    await ssh(['addons:destroy', addon, '--confirm', addon]);
    for (const app of [mine, theirs]) await destroy(app);
    for (const wc of copies) wc.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it("cannot read another app's config: one line naming the app and access:add", async () => {
    const r = await asLimited(['config', theirs]);
    assert.equal(r.code, 5);
    assert.doesNotMatch(r.stdout + r.stderr, /their-password/);
    assert.deepEqual(errorLines(r.stderr), [
      ` !     ssh key "${keyName}" may not use app "${theirs}"`,
      ` !     hint: an admin can grant access with: access:add ${theirs} ${keyName}`,
    ]);
    assert.equal((await asLimited(['config', mine])).code, 0);
  });

  it("cannot reveal another app's addon, nor see it or the app listed", async () => {
    const r = await asLimited(['addons:info', addon, '--reveal']);
    assert.equal(r.code, 5);
    assert.equal(r.stdout, '');
    const apps = await asLimited(['apps', '--json']);
    assert.deepEqual(
      (JSON.parse(apps.stdout) as { name: string }[]).map((a) => a.name),
      [mine],
    );
    assert.deepEqual(JSON.parse((await asLimited(['addons', '--json'])).stdout), []);
  });

  it('cannot run admin commands', async () => {
    for (const words of [
      ['tokens:list'],
      ['access', mine],
      ['apps:create', appName('acc-new')],
      ['stop', theirs],
    ]) {
      assert.equal((await asLimited(words)).code, 5, words.join(' '));
    }
  });

  it('cannot push to another app; pushes to its own, recorded with its name', async () => {
    const [mineCopy, theirsCopy] = copies;
    assert.ok(mineCopy && theirsCopy);
    await theirsCopy.commit({ 'index.html': '<h1>defaced</h1>\n' });
    const refused = await sh('git', ['push', `hop3@${HOST}:${theirs}`, 'main'], {
      cwd: theirsCopy.dir,
      env: limitedGit,
    });
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, new RegExp(`may not use app "${theirs}"`));
    assert.doesNotMatch((await get(hostOf(theirs))).body, /defaced/);
    await mineCopy.commit({ 'index.html': '<h1>static-site by a collaborator</h1>\n' });
    const pushed = await sh('git', ['push', `hop3@${HOST}:${mine}`, 'main'], {
      cwd: mineCopy.dir,
      env: limitedGit,
    });
    assert.equal(pushed.code, 0, pushed.stderr);
    const releases = JSON.parse((await ssh(['releases', mine, '--json'])).stdout) as {
      pushedBy: string | null;
    }[];
    assert.equal(releases[0]?.pushedBy, keyName);
  });
});
