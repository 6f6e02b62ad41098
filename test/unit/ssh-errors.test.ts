// No stack traces over ssh: an unexpected error shows one line with an id, the stack goes to logs/errors.log.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { tempHome } from '../helpers/cli.js';

const STACK_FRAME = /^\s+at .+/m;

describe('errors over ssh', () => {
  const broken = tempHome();
  const fine = tempHome();
  after(() => {
    broken.cleanup();
    fine.cleanup();
  });
  // A state database that is not one makes every command fail with an unexpected (non-hop3) error.
  writeFileSync(join(broken.home, 'hop3.db'), 'this is not a database, '.repeat(200));
  const errorLog = join(broken.home, 'logs', 'errors.log');

  it('shows a local user the stack with --debug', async () => {
    const r = await broken.cli(['apps', '--debug']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, STACK_FRAME);
    assert.equal(existsSync(errorLog), false, 'nothing logged for a local user');
  });

  it('shows an ssh user one line with an error id, even with --debug and HOP3_DEBUG=1, and logs the stack by id', async () => {
    const r = await broken.cli(['ssh-command', '--key', 'alice'], {
      env: { SSH_ORIGINAL_COMMAND: 'apps --debug', HOP3_DEBUG: '1' },
    });
    assert.equal(r.code, 1);
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    const id = /internal error ([0-9a-f]{8}): details are in the server's error log/.exec(
      lines[0] ?? '',
    )?.[1];
    assert.ok(id, r.stderr);
    assert.doesNotMatch(r.stderr, STACK_FRAME);
    assert.ok(!r.stderr.includes(broken.home), 'no server path reaches the client');
    assert.ok(!r.stderr.includes('errors.log'));
    const logged = readFileSync(errorLog, 'utf8');
    assert.match(logged, new RegExp(`id=${id} via=ssh user=alice command="apps"`));
    assert.match(logged, STACK_FRAME);
    assert.equal(statSync(errorLog).mode & 0o777, 0o600);
    assert.equal(statSync(join(broken.home, 'logs')).mode & 0o077, 0);
  });

  it('gives each error its own id', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 3; i += 1) {
      const r = await broken.cli(['ssh-command'], {
        env: { SSH_ORIGINAL_COMMAND: 'config:get web X' },
      });
      ids.add(/internal error ([0-9a-f]{8})/.exec(r.stderr)?.[1] ?? '');
    }
    assert.equal(ids.size, 3);
    assert.equal(readFileSync(errorLog, 'utf8').match(/^\S+ id=/gm)?.length, 4);
  });

  it('prints a hop3 error over ssh as its message and hint, without a stack even with --debug', async () => {
    const r = await fine.cli(['ssh-command', '--key', 'alice'], {
      env: { SSH_ORIGINAL_COMMAND: 'config:get nope X --debug' },
    });
    assert.equal(r.code, 3);
    assert.match(r.stderr, /^ ! {5}app "nope" does not exist/m);
    assert.doesNotMatch(r.stderr, STACK_FRAME);
    const local = await fine.cli(['config:get', 'nope', 'X', '--debug']);
    assert.match(local.stderr, STACK_FRAME, 'locally --debug still shows it');
  });
});
