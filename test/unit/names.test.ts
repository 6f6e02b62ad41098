import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isHostName, validateAppName, validateConfigKey } from '../../lib/domain/names.js';

describe('names', () => {
  it('accepts valid app names', () => {
    for (const name of ['a', 'myapp', 'my-app-2', 'a'.repeat(63)])
      assert.equal(validateAppName(name), name);
  });

  it('refuses path tricks, uppercase, underscores and long names with E_INVALID_NAME', () => {
    for (const name of [
      '../x',
      'A_B',
      'a'.repeat(70),
      '',
      '-a',
      '1app',
      'a.b',
      'a/b',
      'app-',
      'a;b',
    ]) {
      assert.throws(() => validateAppName(name), { code: 'E_INVALID_NAME' }, name);
    }
    assert.throws(() => validateAppName('a'.repeat(70)), /70 characters/);
  });

  it('validates config keys', () => {
    assert.equal(validateConfigKey('_A1'), '_A1');
    assert.throws(() => validateConfigKey('1BAD'), { code: 'E_INVALID_KEY' });
    assert.throws(() => validateConfigKey('A-B'), { code: 'E_INVALID_KEY' });
  });

  it('checks RFC 1123 host names', () => {
    assert.ok(isHostName('www.example.com'));
    assert.ok(isHostName('myapp.example.test'));
    assert.ok(!isHostName('-a.com'));
    assert.ok(!isHostName('a..b'));
    assert.ok(!isHostName('a_b.com'));
  });
});
