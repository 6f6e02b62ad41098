import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadAppConfig } from '../../lib/domain/app-config.js';
import { parseAppJson } from '../../lib/domain/app-json.js';
import { parseChecksFile } from '../../lib/domain/checks-file.js';

describe('parseAppJson', () => {
  it('reads scripts, healthchecks, formation and env; ignores the rest', () => {
    const j = parseAppJson(
      JSON.stringify({
        name: 'demo',
        buildpacks: [{ url: 'heroku/python' }],
        scripts: { dokku: { predeploy: 'python3 migrate.py', postdeploy: 'echo done' } },
        healthchecks: {
          web: [
            {
              type: 'startup',
              name: 'ready',
              path: '/health',
              content: 'ok',
              attempts: 2,
              timeout: 3,
              wait: 1,
            },
            { type: 'startup', path: '/other' },
          ],
        },
        formation: { web: { quantity: 1 }, worker: { quantity: 2, size: 'basic' } },
        env: {
          GREETING: 'hello',
          COUNT: { value: 3, description: 'how many' },
          SECRET_KEY: { description: 'a secret', generator: 'secret' },
          TOKEN: { required: true },
        },
      }),
    );
    assert.equal(j.predeploy, 'python3 migrate.py');
    assert.equal(j.postdeploy, 'echo done');
    assert.deepEqual(j.healthcheck, { path: '/health', contains: 'ok', timeout: 7 });
    assert.deepEqual(j.formation, { web: 1, worker: 2 });
    assert.deepEqual(j.env, { GREETING: 'hello', COUNT: '3' });
    assert.deepEqual(j.secrets, ['SECRET_KEY']);
    assert.match(j.notes[0] ?? '', /hop3 uses the first \(\/health\)/);
  });

  it('rejects invalid JSON and wrong values with one-line E_APP_JSON naming the field', () => {
    assert.throws(
      () => parseAppJson('{'),
      (e: Error & { code?: string }) => {
        assert.equal(e.code, 'E_APP_JSON');
        assert.match(e.message, /^app\.json is not valid JSON/);
        return true;
      },
    );
    assert.throws(
      () => parseAppJson('{"healthchecks":{"web":[{"path":"health"}]}}'),
      /app\.json: "healthchecks\.web\.0\.path" must start with "\/"/,
    );
    assert.throws(
      () => parseAppJson('{"env":{"X":{"generator":"uuid"}}}'),
      /app\.json: "env\.X\.generator"/,
    );
    assert.throws(
      () => parseAppJson('{"scripts":{"dokku":{"predeploy":3}}}'),
      /"scripts\.dokku\.predeploy"/,
    );
    assert.throws(() => parseAppJson('{"formation":{"bad name":{"quantity":1}}}'), /formation/);
  });
});

describe('parseChecksFile', () => {
  it('reads the first check, settings and comments', () => {
    const c = parseChecksFile(
      '# checks\nWAIT=2\nTIMEOUT=3\nATTEMPTS=4\n\n/ Hello world\n//localhost/health ok\n',
    );
    assert.deepEqual(c.healthcheck, { path: '/', contains: 'Hello world', timeout: 14 });
    assert.match(c.notes[0] ?? '', /2 checks; hop3 uses the first/);
  });

  it('takes a path without content, and a window only when a setting is given', () => {
    assert.deepEqual(parseChecksFile('/health\n').healthcheck, { path: '/health' });
    assert.deepEqual(parseChecksFile('# nothing\n'), { notes: [] });
  });

  it('rejects a bad line with E_CHECKS_FILE naming it', () => {
    assert.throws(() => parseChecksFile('SLEEP=3\n'), /CHECKS line 1: expected WAIT=/);
    assert.throws(
      () => parseChecksFile('/\nhealth ok\n'),
      /CHECKS line 2: expected "\/path expected content"/,
    );
  });
});

describe('loadAppConfig with app.json and CHECKS', () => {
  const withApp = (files: Record<string, string>, fn: (dir: string) => void): void => {
    const dir = mkdtempSync(join(tmpdir(), 'hop3-appjson-'));
    try {
      for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
      fn(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it('merges hop3.toml over app.json over CHECKS, one note per conflict', () => {
    withApp(
      {
        'app.json': JSON.stringify({
          healthchecks: { web: [{ path: '/ready', content: 'yes' }] },
          env: { A: 'json', B: 'json' },
          formation: { worker: { quantity: 2 } },
        }),
        CHECKS: '/ Hello\n',
        'hop3.toml': '[healthcheck]\npath = "/health"\n[env]\nA = "toml"\n',
        ENV: 'C=env\n',
      },
      (dir) => {
        const config = loadAppConfig(dir);
        assert.deepEqual(config.healthcheck, { path: '/health', contains: 'yes' });
        assert.deepEqual(config.env, { A: 'toml', B: 'json', C: 'env' });
        assert.deepEqual(config.formation, { worker: 2 });
        assert.deepEqual(config.dokku?.notes, [
          'hop3.toml [healthcheck] path "/health" wins over app.json healthchecks "/ready"',
          'hop3.toml [healthcheck] path "/health" wins over CHECKS "/"',
          'app.json healthchecks contains "yes" wins over CHECKS "Hello"',
          'hop3.toml [env] A wins over app.json env',
        ]);
      },
    );
  });

  it('has no health check of its own and no notes without those files', () => {
    withApp({ Procfile: 'web: python3 server.py\n' }, (dir) => {
      const config = loadAppConfig(dir);
      assert.equal(config.healthcheck, undefined);
      assert.deepEqual(config.dokku?.notes, []);
      assert.deepEqual(config.formation, {});
    });
  });
});
