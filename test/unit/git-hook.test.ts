import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseUpdate, deployBranches, parseRefUpdates } from '../../lib/git/hook.js';
import { basicPassword, parseGitRequest } from '../../lib/git/http-server.js';
import { repoArgToApp } from '../../lib/git/ssh-command.js';

const sha = 'a'.repeat(40);
const zero = '0'.repeat(40);

describe('pre-receive ref checks', () => {
  it('deploys main or master by default, the configured branch otherwise', () => {
    assert.deepEqual(deployBranches(null), ['main', 'master']);
    assert.deepEqual(deployBranches('prod'), ['prod']);
  });

  it('accepts one update of the deploy branch', () => {
    const updates = parseRefUpdates(`${zero} ${sha} refs/heads/main\n`);
    assert.equal(chooseUpdate(updates, ['main', 'master']).newSha, sha);
  });

  it('refuses other branches, tags, deletions and multiple refs', () => {
    const refuse = (input: string): void => {
      assert.throws(
        () => chooseUpdate(parseRefUpdates(input), ['main', 'master']),
        { code: 'E_REF_REFUSED' },
        input,
      );
    };
    refuse(`${zero} ${sha} refs/heads/feature`);
    refuse(`${zero} ${sha} refs/tags/v1`);
    refuse(`${sha} ${zero} refs/heads/main`);
    refuse(`${zero} ${sha} refs/heads/main\n${zero} ${sha} refs/heads/master`);
    refuse('');
    assert.throws(
      () => chooseUpdate(parseRefUpdates(`${zero} ${sha} refs/heads/feature`), ['main']),
      (e: Error & { hint?: string }) => {
        assert.match(e.message, /only main deploys/);
        assert.match(e.hint ?? '', /git push hop3 feature:main/);
        return true;
      },
    );
  });
});

describe('git request parsing', () => {
  it('normalises repository arguments and validates the app name', () => {
    assert.equal(repoArgToApp('/myapp'), 'myapp');
    assert.equal(repoArgToApp('myapp.git'), 'myapp');
    assert.throws(() => repoArgToApp('../etc'), { code: 'E_INVALID_NAME' });
  });

  it('recognises smart-HTTP URLs', () => {
    assert.deepEqual(parseGitRequest('/myapp.git/info/refs?service=git-receive-pack'), {
      repo: 'myapp',
      service: 'receive-pack',
    });
    assert.deepEqual(parseGitRequest('/myapp.git/git-upload-pack'), {
      repo: 'myapp',
      service: 'upload-pack',
    });
    assert.equal(parseGitRequest('/myapp.git/HEAD'), undefined);
    assert.equal(parseGitRequest('/'), undefined);
  });

  it('reads the password of a Basic header', () => {
    assert.equal(
      basicPassword(`Basic ${Buffer.from('hop3:s3cret:x').toString('base64')}`),
      's3cret:x',
    );
    assert.equal(basicPassword('Bearer x'), undefined);
    assert.equal(basicPassword(undefined), undefined);
  });
});
