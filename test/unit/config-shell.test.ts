// config --shell output is evaluated by real shells: every value comes back byte for byte and nothing runs.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { tempHome } from '../helpers/cli.js';

const h = tempHome();
after(() => h.cleanup());

describe('config --shell', () => {
  const marker = join(h.home, 'executed');
  const values: Record<string, string> = {
    SUBST: `$(touch ${marker})`,
    BACKTICK: `\`touch ${marker}\``,
    QUOTES: `it's "quoted" '' \\' end`,
    EXPAND: '$HOME ${HOME} $1 * ? ~ [a] !x',
    OPS: `; touch ${marker} & | > ${marker} < /dev/null && ||`,
    LINES: `first\nsecond'; touch ${marker}; '\n`,
    BACKSLASH: 'a\\b\\\\c\\n\\',
    EMPTY: '',
    UNICODE: 'héllo ✓ \t tab',
  };

  it('prints KEY=VALUE lines that bash and sh eval back to the same values without running anything', async () => {
    assert.equal((await h.cli(['apps:create', 'quoted'])).code, 0);
    const set = await h.cli([
      'config:set',
      'quoted',
      ...Object.entries(values).map(([k, v]) => `${k}=${v}`),
      '--no-restart',
    ]);
    assert.equal(set.code, 0, set.stderr);
    const shell = await h.cli(['config', 'quoted', '--shell']);
    assert.equal(shell.code, 0, shell.stderr);
    const keys = Object.keys(values);
    // Each shell evals the output, then prints every variable NUL-separated so newlines survive.
    const script = `eval "$HOP3_OUT"; for k in ${keys.join(' ')}; do eval "printf '%s\\0' \\"\\$$k\\""; done`;
    for (const sh of ['bash', 'sh']) {
      const out = execFileSync(sh, ['-c', script], {
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOP3_OUT: shell.stdout, HOME: h.home },
        encoding: 'utf8',
      });
      assert.deepEqual(out.split('\0').slice(0, -1), Object.values(values), sh);
      assert.equal(existsSync(marker), false, `${sh} ran a command hidden in a value`);
    }
  });

  it("quotes with single quotes, a quote inside becoming '\\''", async () => {
    const shell = await h.cli(['config', 'quoted', '--shell']);
    assert.match(shell.stdout, /^EMPTY=''$/m);
    assert.match(shell.stdout, /^SUBST='\$\(touch [^']+\)'$/m);
    assert.ok(
      shell.stdout.includes(`QUOTES='it'\\''s "quoted" '\\'''\\'' \\'\\'' end'`),
      shell.stdout,
    );
  });
});
