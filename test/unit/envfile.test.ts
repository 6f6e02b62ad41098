import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDotenvFile, parseEnvFile } from '../../lib/domain/envfile.js';

describe('parseEnvFile', () => {
  it('reads KEY=VALUE lines without expanding anything', () => {
    assert.deepEqual(
      parseEnvFile('# c\nA=1\nexport B = two words\nC=$(id) $HOME\nD="q\\"x\\n"\nE=\'s p\'\nF=\n'),
      {
        A: '1',
        B: 'two words',
        C: '$(id) $HOME',
        D: 'q"x\n',
        E: 's p',
        F: '',
      },
    );
  });

  it('rejects a malformed line naming it', () => {
    assert.throws(() => parseEnvFile('A=1\nnot a pair\n'), /ENV line 2/);
    assert.throws(() => parseEnvFile('1BAD=x'), { code: 'E_ENV_FILE' });
    assert.throws(() => parseEnvFile("A='open"), { code: 'E_ENV_FILE' });
  });

  it('keeps a # inside an unquoted value (it is not a comment)', () => {
    assert.deepEqual(parseEnvFile('P=ab#cd\nU=http://h/#top\nQ="a#b"'), {
      P: 'ab#cd',
      U: 'http://h/#top',
      Q: 'a#b',
    });
  });
});

describe('parseDotenvFile', () => {
  it('reads a file as dotenv does: inline comments, multi-line quoted values, any key name', () => {
    assert.deepEqual(parseDotenvFile('A=1 # note\nB="two\nlines"\nmy.key=3\n'), {
      A: '1',
      B: 'two\nlines',
      'my.key': '3',
    });
  });

  it('names a line dotenv would skip', () => {
    assert.throws(() => parseDotenvFile('A=1\n\nnot a pair\n'), {
      code: 'E_ENV_FILE',
      message: /^ENV line 3 is not KEY=VALUE/,
    });
  });
});
