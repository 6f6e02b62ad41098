// git through simple-git (lib/proc/git.ts): bare repositories, archives of a revision, a client checkout.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { archiveRevision, initBareRepo, readCheckout, setRemote } from '../../lib/proc/git.js';
import { SYSTEM_PATH } from '../../lib/proc/run.js';

const dir = mkdtempSync(join(tmpdir(), 'hop3-git-'));
const env = { PATH: SYSTEM_PATH, LANG: 'C.UTF-8' };
const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'user.email=t@example.test', '-c', 'user.name=t', ...args], {
    cwd,
    encoding: 'utf8',
  }).trim();

describe('lib/proc/git', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));
  const repo = join(dir, 'app.git');
  const work = join(dir, 'work');

  it('creates a bare repository on main, and leaves an existing one alone', async () => {
    await initBareRepo(repo, env);
    await initBareRepo(repo, env);
    assert.equal(git(repo, 'symbolic-ref', 'HEAD'), 'refs/heads/main');
    assert.equal(git(repo, 'rev-parse', '--is-bare-repository'), 'true');
  });

  it('archives a pushed revision as a tar file', async () => {
    git(dir, 'init', '--quiet', '--initial-branch=main', work);
    writeFileSync(join(work, 'Procfile'), 'web: node s.js\n');
    git(work, 'add', 'Procfile');
    git(work, 'commit', '--quiet', '-m', 'first');
    git(work, 'push', '--quiet', repo, 'main');
    const sha = git(work, 'rev-parse', 'HEAD');
    const tar = join(dir, 'release.tar');
    await archiveRevision(repo, sha, tar, env);
    assert.equal(execFileSync('tar', ['-tf', tar], { encoding: 'utf8' }), 'Procfile\n');
  });

  it("fails like the command runner: E_COMMAND_FAILED with git's last lines", async () => {
    await assert.rejects(
      archiveRevision(repo, 'deadbeef', join(dir, 'x.tar'), env),
      (error: Error & { code?: string; details?: string }) => {
        assert.equal(error.code, 'E_COMMAND_FAILED');
        assert.equal(error.message, 'git exited with code 128');
        assert.match(error.details ?? '', /deadbeef/);
        return true;
      },
    );
  });

  it("reads and sets a checkout's remotes and branch", async () => {
    assert.equal(await setRemote(work, 'hop3', 'hop3@host:app'), 'added');
    assert.equal(await setRemote(work, 'hop3', 'hop3@other:app'), 'updated');
    const info = await readCheckout(work);
    assert.equal(info.remotes.get('hop3'), 'hop3@other:app');
    assert.equal(info.branch, 'main');
    assert.equal(info.sshCommand, undefined);
  });
});
