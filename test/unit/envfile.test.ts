import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseEnvFile } from '../../lib/domain/envfile.js';

describe('parseEnvFile', () => {
  it('reads KEY=VALUE lines without expanding anything', () => {
    assert.deepEqual(parseEnvFile('# c\nA=1\nexport B = two words\nC=$(id) $HOME\nD="q\\"x\\n"\nE=\'s p\'\nF=\n'), {
      A: '1',
      B: 'two words',
      C: '$(id) $HOME',
      D: 'q"x\n',
      E: 's p',
      F: '',
    });
  });

  it('rejects a malformed line naming it', () => {
    assert.throws(() => parseEnvFile('A=1\nnot a pair\n'), /ENV line 2/);
    assert.throws(() => parseEnvFile('1BAD=x'), { code: 'E_ENV_FILE' });
    assert.throws(() => parseEnvFile("A='open"), { code: 'E_ENV_FILE' });
  });
});
