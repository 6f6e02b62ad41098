// Domains: what an app may claim, and one owner per name whether it comes from the CLI or hop3.toml.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { AppConfig } from '../../lib/domain/app-config.js';
import { validateDomain } from '../../lib/domain/names.js';
import { appHosts, checkDomain, claimTomlDomains } from '../../lib/pipeline/domains.js';
import { openState } from '../../lib/state/index.js';

const dir = mkdtempSync(join(tmpdir(), 'hop3-domains-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const withDomains = (list: string[]): AppConfig => ({
  procfile: { processes: [] },
  toml: { domains: { list } },
  env: {},
  files: { procfile: true, toml: true, env: false },
});

describe('validateDomain', () => {
  it('accepts host names, lowercased', () => {
    assert.equal(validateDomain('WWW.Example.com'), 'www.example.com');
    assert.equal(validateDomain('10.0.0.1.nip.io'), '10.0.0.1.nip.io');
  });

  it('refuses localhost, IP addresses and non-names with E_DOMAIN_INVALID', () => {
    for (const host of [
      'localhost',
      'LOCALHOST',
      'a.localhost',
      '127.0.0.1',
      '10.1.2.3',
      '::1',
      '[::1]',
      'fe80::1',
      'a.b.123',
      '',
      'a_b.com',
      'x..y',
      '*.example.com',
    ]) {
      assert.throws(() => validateDomain(host), { code: 'E_DOMAIN_INVALID' }, host);
    }
  });
});

describe('domain ownership', () => {
  const state = openState(join(dir, 'd.db'));
  after(() => state.close());
  const s = { state, settings: { domain: 'apps.test' } };
  const a = state.apps.create('a');
  const b = state.apps.create('b');

  it('gives a CLI domain to one app and refuses it to another, naming the owner', () => {
    state.domains.add(a.id, checkDomain(s, 'a', 'www.a.example'));
    assert.throws(() => checkDomain(s, 'b', 'WWW.A.EXAMPLE'), {
      code: 'E_DOMAIN_TAKEN',
      message: /www\.a\.example is already served by the app "a"/,
    });
    assert.throws(() => state.domains.add(b.id, 'www.a.example'), { code: 'E_DOMAIN_TAKEN' });
    assert.equal(checkDomain(s, 'a', 'www.a.example'), 'www.a.example');
  });

  it('reserves <app>.<domain> for that app', () => {
    assert.throws(() => checkDomain(s, 'b', 'a.apps.test'), {
      code: 'E_DOMAIN_TAKEN',
      message: /"a"/,
    });
    assert.throws(() => checkDomain(s, 'b', 'future.apps.test'), {
      code: 'E_DOMAIN_INVALID',
      message: /reserved for an app named "future"/,
    });
    assert.equal(checkDomain(s, 'b', 'www.b.apps.test'), 'www.b.apps.test');
  });

  it("claims hop3.toml domains all or none, refuses another app's, and puts the previous ones back", () => {
    const undo = claimTomlDomains(s, a, withDomains(['shop.example', 'Www.a.example']));
    assert.deepEqual(state.domains.list(a.id, 'toml'), ['shop.example']);
    assert.deepEqual(appHosts(s, a), ['a.apps.test', 'shop.example', 'www.a.example']);
    assert.throws(() => claimTomlDomains(s, b, withDomains(['b.example', 'shop.example'])), {
      code: 'E_DOMAIN_TAKEN',
      message: /"a"/,
    });
    assert.throws(() => claimTomlDomains(s, b, withDomains(['localhost'])), {
      code: 'E_DOMAIN_INVALID',
    });
    assert.deepEqual(state.domains.list(b.id), [], 'nothing of a refused claim is kept');
    claimTomlDomains(s, a, withDomains(['new.example']));
    assert.deepEqual(state.domains.list(a.id, 'toml'), ['new.example']);
    undo();
    assert.deepEqual(state.domains.list(a.id, 'toml'), []);
    assert.equal(state.domains.owner('shop.example'), undefined);
  });

  it("frees an app's names when it is destroyed", () => {
    state.apps.remove('a');
    assert.equal(state.domains.owner('www.a.example'), undefined);
    state.domains.add(b.id, 'www.a.example');
  });
});
