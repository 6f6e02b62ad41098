import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shellQuote, splitShellWords } from '../../lib/domain/shell-words.js';

describe('splitShellWords', () => {
  it('splits on blanks', () => {
    assert.deepEqual(splitShellWords('config:set  app\tK=V'), ['config:set', 'app', 'K=V']);
  });

  it('keeps every character of quoted text literally: no expansion, globbing or operators', () => {
    assert.deepEqual(splitShellWords(`config:set app 'X=$(id); echo *'`), [
      'config:set',
      'app',
      'X=$(id); echo *',
    ]);
    assert.deepEqual(splitShellWords('a $(id) `id` * ; | && > x'), [
      'a',
      '$(id)',
      '`id`',
      '*',
      ';',
      '|',
      '&&',
      '>',
      'x',
    ]);
  });

  it('honours double quotes and their backslash escapes', () => {
    assert.deepEqual(splitShellWords('a "b c" "d\\"e" "f\\g" "$HOME"'), [
      'a',
      'b c',
      'd"e',
      'f\\g',
      '$HOME',
    ]);
  });

  it('honours backslashes outside quotes', () => {
    assert.deepEqual(splitShellWords('a\\ b c\\\\d'), ['a b', 'c\\d']);
  });

  it('keeps empty quoted words and joins adjacent parts', () => {
    assert.deepEqual(splitShellWords(`a '' b"c"'d'`), ['a', '', 'bcd']);
  });

  it("parses git's command line", () => {
    assert.deepEqual(splitShellWords("git-receive-pack '/myapp'"), ['git-receive-pack', '/myapp']);
  });

  it('rejects an unterminated quote with E_USAGE', () => {
    assert.throws(() => splitShellWords("a 'b"), { code: 'E_USAGE' });
    assert.throws(() => splitShellWords('a "b'), { code: 'E_USAGE' });
  });

  it('returns nothing for an empty line', () => {
    assert.deepEqual(splitShellWords('   '), []);
  });
});

describe('shellQuote', () => {
  it('round-trips any text through splitShellWords', () => {
    for (const value of ["it's", '$(id)', 'a b', '', 'x\ny', '\\']) {
      assert.deepEqual(splitShellWords(shellQuote(value)), [value]);
    }
  });
});
