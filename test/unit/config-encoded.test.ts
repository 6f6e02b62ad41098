// config:set --encoded (base64 values, as Dokku) and the hint for a value ssh split on its spaces.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { tempHome } from '../helpers/cli.js';

const h = tempHome();
after(() => h.cleanup());

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

describe('config:set --encoded', () => {
  it('decodes base64 values, spaces, quotes and newlines included', async () => {
    assert.equal((await h.cli(['apps:create', 'enc'])).code, 0);
    const value = `two words, it's "quoted"\nline ✓`;
    const set = await h.cli([
      'config:set',
      '--encoded',
      'enc',
      `GREETING=${b64(value)}`,
      `EMPTY=`,
      `UNPADDED=${b64('ab').replace(/=+$/, '')}`,
      '--no-restart',
    ]);
    assert.equal(set.code, 0, set.stderr);
    assert.equal((await h.cli(['config:get', 'enc', 'GREETING'])).stdout, `${value}\n`);
    assert.equal((await h.cli(['config:get', 'enc', 'EMPTY'])).stdout, '\n');
    assert.equal((await h.cli(['config:get', 'enc', 'UNPADDED'])).stdout, 'ab\n');
  });

  it('rejects invalid base64 with a one-line error naming the key, and sets nothing', async () => {
    const set = await h.cli([
      'config:set',
      'enc',
      '--encoded',
      'A=aGk=',
      'BAD=not base64!',
      '--no-restart',
    ]);
    assert.equal(set.code, 2);
    assert.match(set.stderr, /the value of BAD is not valid base64/);
    assert.match(set.stderr, /base64/);
    assert.equal((await h.cli(['config:get', 'enc', 'A'])).code, 3);
  });

  it('without --encoded keeps the value literal', async () => {
    assert.equal((await h.cli(['config:set', 'enc', 'RAW=aGk=', '--no-restart'])).code, 0);
    assert.equal((await h.cli(['config:get', 'enc', 'RAW'])).stdout, 'aGk=\n');
  });
});

describe('config:set with a value ssh split on its spaces', () => {
  it('names the working quoting, --encoded and the client', async () => {
    // `ssh hop3@host config:set APP "GREETING=two words"` reaches the server as two words.
    const set = await h.cli(['config:set', 'enc', 'GREETING=two', 'words', '--no-restart']);
    assert.equal(set.code, 2);
    assert.match(set.stderr, /expected KEY=VALUE, got "words"/);
    assert.ok(set.stderr.includes(`"GREETING='two words'"`), set.stderr);
    assert.match(set.stderr, /--encoded/);
    assert.match(set.stderr, /hop3 client/);
  });

  it('keeps the plain example for a first argument without "="', async () => {
    const set = await h.cli(['config:set', 'enc', 'oops', '--no-restart']);
    assert.equal(set.code, 2);
    assert.match(set.stderr, /NAME=two words/);
  });
});
