// Heroku/Dokku apps pushed as they are: app.json (predeploy, postdeploy, healthchecks, env) and CHECKS files.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { INSTALL_ROOT } from '../../lib/install-root.js';
import { startStack, type AppCopy, type Stack } from '../helpers/stack.js';

let stack: Stack;
before(async () => {
  stack = await startStack();
});
after(async () => {
  await stack.stop();
});

const appJson = (): Record<string, unknown> =>
  JSON.parse(
    readFileSync(
      join(INSTALL_ROOT, 'test', 'fixtures', 'apps', 'appjson-python', 'app.json'),
      'utf8',
    ),
  ) as Record<string, unknown>;

describe('app.json', () => {
  let copy: AppCopy;

  it('runs predeploy before the switch and postdeploy after it, checks /health, generates the secret', async () => {
    copy = await stack.app('aj', 'appjson-python');
    const push = await copy.push();
    assert.equal(push.code, 0, push.stderr);
    assert.match(push.stderr, /Running app\.json predeploy: python3 predeploy\.py/);
    assert.match(push.stderr, /predeploy: migrating for hello from app\.json/);
    assert.match(push.stderr, /app\.json: generated SECRET_KEY/);
    assert.match(push.stderr, /postdeploy ran with hello from app\.json/);
    assert.ok(
      push.stderr.indexOf('predeploy: migrating') < push.stderr.indexOf('Switching'),
      'predeploy runs before the switch',
    );
    assert.ok(
      push.stderr.indexOf('Switching') < push.stderr.indexOf('postdeploy ran'),
      'postdeploy runs after the switch',
    );
    assert.match((await stack.get('aj')).body, /appjson: hello from app\.json v1 secret=64/);
    const secret = (await stack.hop3(['config:get', 'aj', 'SECRET_KEY'])).stdout.trim();
    assert.match(secret, /^[0-9a-f]{64}$/);
    assert.ok(!push.stderr.includes(secret), 'the generated secret is not printed');
  });

  it('keeps the generated secret on the next deploy', async () => {
    const before = (await stack.hop3(['config:get', 'aj', 'SECRET_KEY'])).stdout;
    await copy.commit({ VERSION: 'v2\n' });
    const push = await copy.push();
    assert.equal(push.code, 0, push.stderr);
    assert.doesNotMatch(push.stderr, /generated SECRET_KEY/);
    assert.equal((await stack.hop3(['config:get', 'aj', 'SECRET_KEY'])).stdout, before);
    assert.match((await stack.get('aj')).body, /v2 secret=64/);
  });

  it('rejects the push when predeploy fails, the old release serving', async () => {
    const json = appJson();
    json.scripts = { dokku: { predeploy: 'echo migration broke; exit 3' } };
    await copy.commit({ 'app.json': JSON.stringify(json), VERSION: 'v3\n' });
    const push = await copy.push();
    assert.notEqual(push.code, 0);
    assert.match(push.stderr, /migration broke/);
    assert.match(push.stderr, / ! {5}app\.json predeploy failed/);
    assert.match((await stack.get('aj')).body, /v2 secret=64/);
  });

  it('reports a failing postdeploy as a warning and keeps the new release', async () => {
    const json = appJson();
    json.scripts = { dokku: { postdeploy: 'exit 4' } };
    await copy.commit({ 'app.json': JSON.stringify(json), VERSION: 'v4\n' });
    const push = await copy.push();
    assert.equal(push.code, 0, push.stderr);
    assert.match(push.stderr, /app\.json postdeploy failed.*nothing is rolled back/);
    assert.match((await stack.get('aj')).body, /v4 secret=64/);
  });

  it('rejects the push when /health does not contain the expected content', async () => {
    const json = appJson();
    json.healthchecks = {
      web: [{ path: '/health', content: 'not there', attempts: 1, timeout: 1, wait: 1 }],
    };
    await copy.commit({ 'app.json': JSON.stringify(json), VERSION: 'v5\n' });
    const push = await copy.push();
    assert.notEqual(push.code, 0);
    assert.match(push.stderr, /\/health did not contain "not there"/);
    assert.match((await stack.get('aj')).body, /v4 secret=64/);
  });

  it('prints a conflict with hop3.toml in one line, hop3.toml winning', async () => {
    await copy.commit({
      'app.json': JSON.stringify(appJson()),
      'hop3.toml': '[env]\nGREETING = "hello from hop3.toml"\n',
      VERSION: 'v6\n',
    });
    const push = await copy.push();
    assert.equal(push.code, 0, push.stderr);
    assert.match(push.stderr, /hop3\.toml \[env\] GREETING wins over app\.json env/);
    assert.match((await stack.get('aj')).body, /hello from hop3\.toml v6/);
  });
});

describe('app.json secrets and rollback', () => {
  it('keeps the generated secret when rolling back to the release that created it', async () => {
    const secret = (await stack.hop3(['config:get', 'aj', 'SECRET_KEY'])).stdout;
    const r = await stack.hop3(['rollback', 'aj', 'v1']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await stack.hop3(['config:get', 'aj', 'SECRET_KEY'])).stdout, secret);
    assert.match((await stack.get('aj')).body, /v1 secret=64/);
  });
});

describe('CHECKS', () => {
  let copy: AppCopy;

  it('deploys a Dokku app whose CHECKS content matches', async () => {
    copy = await stack.app('ck', 'checks-python');
    const push = await copy.push();
    assert.equal(push.code, 0, push.stderr);
    assert.match((await stack.get('ck')).body, /checks: hello v1/);
  });

  it('rejects the push when the content is missing, the old release serving', async () => {
    await copy.commit({ CHECKS: 'WAIT=1\nTIMEOUT=1\nATTEMPTS=2\n/ checks: goodbye\n' });
    const push = await copy.push();
    assert.notEqual(push.code, 0);
    assert.match(push.stderr, /did not contain "checks: goodbye"/);
    assert.match((await stack.get('ck')).body, /checks: hello v1/);
  });
});
