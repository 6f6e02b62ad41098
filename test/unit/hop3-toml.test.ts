import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHop3Toml } from '../../lib/domain/hop3-toml.js';

describe('parseHop3Toml', () => {
  it('parses every section', () => {
    const t = parseHop3Toml(`
[build]
toolchain = "node"
build = ["npm run build", "npm test"]
[run]
start = "node server.js"
workers = { mailer = "node mailer.js" }
[env]
GREETING = "hi"
COUNT = 3
[healthcheck]
path = "/health"
timeout = 10
[domains]
list = ["www.example.com"]
`);
    assert.equal(t.build?.toolchain, 'node');
    assert.equal(t.build.build, 'npm run build && npm test');
    assert.deepEqual(t.run?.workers, { mailer: 'node mailer.js' });
    assert.deepEqual(t.env, { GREETING: 'hi', COUNT: '3' });
    assert.equal(t.healthcheck?.timeout, 10);
    assert.deepEqual(t.domains?.list, ['www.example.com']);
  });

  it('names an unknown key', () => {
    assert.throws(
      () => parseHop3Toml('[build]\ntolchain = "node"'),
      (e: Error & { code?: string }) => {
        assert.equal(e.code, 'E_HOP3_TOML');
        assert.match(e.message, /unknown key "build\.tolchain"/);
        return true;
      },
    );
    assert.throws(() => parseHop3Toml('[bild]\nx = 1'), /unknown key "bild"/);
  });

  it('names a key with a wrong value', () => {
    assert.throws(
      () => parseHop3Toml('[healthcheck]\npath = "health"'),
      /"healthcheck\.path" must start with "\/"/,
    );
    assert.throws(() => parseHop3Toml('[env]\n"1BAD" = "x"'), { code: 'E_HOP3_TOML' });
    assert.throws(() => parseHop3Toml('[domains]\nlist = ["bad_host!"]'), { code: 'E_HOP3_TOML' });
  });

  it('reports invalid TOML', () => {
    assert.throws(() => parseHop3Toml('[build'), /not valid TOML/);
  });
});
