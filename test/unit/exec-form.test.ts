// execForm: Procfile commands rewritten so that the shell running them is replaced by the app.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { execForm } from '../../lib/domain/exec-form.js';
import { run } from '../../lib/proc/run.js';

describe('execForm', () => {
  it('execs a simple command, after its variable assignments and after a list', () => {
    for (const [command, expected] of [
      ['node worker.js', 'exec node worker.js'],
      ['PORT=1 node web.js --x "a b"', 'PORT=1 exec node web.js --x "a b"'],
      ['npm run migrate && node web.js', 'npm run migrate && exec node web.js'],
      ["echo 'a;b|c' ; python3 -u x.py 2>&1", "echo 'a;b|c' ; exec python3 -u x.py 2>&1"],
      ['false || node x >>log', 'false || exec node x >>log'],
      ['x=$(echo ")") node y', 'x=$(echo ")") exec node y'],
      ['cd app && bundle exec puma', 'cd app && exec bundle exec puma'],
    ]) {
      assert.equal(execForm(command!), expected, command);
    }
  });

  it("leaves alone what cannot be exec'd: pipelines, &, subshells, builtins, keywords, exec itself", () => {
    for (const command of [
      'node x | tee log',
      'node x &',
      '(node x)',
      'cd app',
      'FOO=1',
      'if true; then node x; fi',
      'while true; do node x; done',
      'node x # comment',
      'echo "worker"; exec sleep 60',
      "echo 'unterminated",
    ]) {
      assert.equal(execForm(command), command, command);
    }
  });

  it('runs the same program as before, as the shell process itself', async () => {
    const { stdout } = await run('/bin/sh', ['-c', execForm('X=1 sh -c \'echo "$$ $X"\'')]);
    assert.match(stdout, /^\d+ 1\n$/);
    const script = `echo $$; ${execForm("true && sh -c 'echo $$'")}`;
    const [outer, inner] = (await run('/bin/sh', ['-c', script])).stdout.trim().split('\n');
    assert.equal(inner, outer);
  });
});
