import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  defaultPrefix,
  isAddonName,
  validateAddonName,
  validatePrefix,
} from '../../lib/domain/addon-names.js';
import { parseHop3Toml } from '../../lib/domain/hop3-toml.js';
import { addonIdentifier } from '../../lib/sdk.js';

describe('addon names', () => {
  it('accepts lowercase names with digits and "-", up to 50 characters', () => {
    for (const name of ['db', 'shop-cache', 'a1', `a${'b'.repeat(49)}`])
      assert.equal(validateAddonName(name), name);
  });

  it('refuses anything that could reach SQL, a path or a command line in another shape', () => {
    for (const name of [
      '',
      '../x',
      'a;b',
      "x'y",
      'a b',
      'A',
      '1db',
      'db-',
      'x_y',
      'a.b',
      `a${'b'.repeat(50)}`,
    ]) {
      assert.equal(isAddonName(name), false, name);
      assert.throws(() => validateAddonName(name), /E_INVALID_NAME|invalid addon name/, name);
    }
  });

  it('gives every name its own SQL identifier', () => {
    assert.equal(addonIdentifier('shop-cache'), 'hop3_shop_cache');
    assert.notEqual(addonIdentifier('a-b'), addonIdentifier('ab'));
    assert.throws(() => addonIdentifier('a_b'), /invalid addon name/);
    assert.ok(
      addonIdentifier(`a${'b'.repeat(49)}`).length <= 63,
      'fits PostgreSQL and MariaDB limits',
    );
  });

  it('checks prefixes and derives the default one from the name', () => {
    assert.equal(validatePrefix('ANALYTICS'), 'ANALYTICS');
    for (const bad of ['lower', '1X', 'A-B', ''])
      assert.throws(() => validatePrefix(bad), /invalid prefix/);
    assert.equal(defaultPrefix('shop-cache'), 'SHOP_CACHE');
  });
});

describe('hop3.toml [[addons]]', () => {
  it('parses declared addons', () => {
    const toml = parseHop3Toml(
      '[[addons]]\ntype = "postgres"\n\n[[addons]]\ntype = "redis"\nname = "cache"\nas = "CACHE"\n',
    );
    assert.deepEqual(toml.addons, [
      { type: 'postgres' },
      { type: 'redis', name: 'cache', as: 'CACHE' },
    ]);
  });

  it('names the key at fault', () => {
    assert.throws(
      () => parseHop3Toml('[[addons]]\ntype = "postgres"\nname = "../x"\n'),
      /"addons\.0\.name" is not a valid addon name/,
    );
    assert.throws(
      () => parseHop3Toml('[[addons]]\ntype = "postgres"\nsize = 3\n'),
      /unknown key "addons\.0\.size"/,
    );
    assert.throws(() => parseHop3Toml('[[addons]]\nname = "db"\n'), /"addons\.0\.type"/);
    assert.throws(
      () => parseHop3Toml('[[addons]]\ntype = "redis"\nas = "x"\n'),
      /"addons\.0\.as" is not a variable prefix/,
    );
  });
});
