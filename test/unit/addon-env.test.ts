import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { maskSecrets, readAddonEnv, readAppEnvEntries, type AddonEnvEntry } from '../../lib/addons/app-env-file.js';
import { addonKey, encryptJson } from '../../lib/addons/crypto.js';
import { applyPrefix } from '../../lib/addons/env.js';
import { appEnvFile } from '../../lib/addons/layout.js';
import { createPaths } from '../../lib/paths.js';
import { runtimeEnv, secretValues } from '../../lib/pipeline/env.js';

const root = mkdtempSync(join(tmpdir(), 'hop3-addon-env-'));
after(() => rmSync(root, { recursive: true, force: true }));

const config = { procfile: { processes: [] }, toml: {}, env: { DATABASE_URL: 'from-env-file', GREETING: 'hi' }, files: { procfile: false, toml: false, env: true } };

function writeEntries(home: string, app: string, entries: AddonEnvEntry[]): ReturnType<typeof createPaths> {
  const paths = createPaths(home);
  mkdirSync(paths.meta(app), { recursive: true });
  writeFileSync(appEnvFile(paths, app), encryptJson(addonKey(paths, true), entries, `app ${app}`), { mode: 0o600 });
  return paths;
}

const pg: AddonEnvEntry = {
  addon: 'db',
  type: 'postgres',
  prefix: null,
  env: { DATABASE_URL: 'postgres://hop3_db:s3cretpassword@127.0.0.1:5432/hop3_db', PGPASSWORD: 's3cretpassword' },
  secrets: ['s3cretpassword', 'postgres://hop3_db:s3cretpassword@127.0.0.1:5432/hop3_db'],
};

describe('the addon environment of an app', () => {
  it('prefixes every variable, or none', () => {
    assert.deepEqual(applyPrefix({ DATABASE_URL: 'u', PGHOST: 'h' }, 'ANALYTICS'), { ANALYTICS_DATABASE_URL: 'u', ANALYTICS_PGHOST: 'h' });
    assert.deepEqual(applyPrefix({ REDIS_URL: 'r' }, null), { REDIS_URL: 'r' });
  });

  it('is empty for an app without the file (no key needed)', () => {
    assert.deepEqual(readAddonEnv(createPaths(join(root, 'none')), 'web'), {});
  });

  it('runtimeEnv puts it over the ENV file and under config vars and what hop3 injects', () => {
    const paths = writeEntries(join(root, 'a'), 'web', [pg, { addon: 'cache', type: 'redis', prefix: null, env: { REDIS_URL: 'redis://:pw@127.0.0.1:16400/0', APP: 'hijack' }, secrets: [] }]);
    const env = runtimeEnv({ app: 'web', release: 2, config, vars: { PGPASSWORD: 'chosen' }, paths });
    assert.equal(env.DATABASE_URL, pg.env.DATABASE_URL);
    assert.equal(env.REDIS_URL, 'redis://:pw@127.0.0.1:16400/0');
    assert.equal(env.PGPASSWORD, 'chosen', 'config:set wins');
    assert.equal(env.APP, 'web', 'hop3 injects APP last');
    assert.equal(env.GREETING, 'hi');
  });

  it('is stored encrypted, 0600, bound to its app', () => {
    const paths = writeEntries(join(root, 'b'), 'web', [pg]);
    const file = appEnvFile(paths, 'web');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(readAppEnvEntries(paths, 'web'), [pg]);
    mkdirSync(paths.meta('other'), { recursive: true });
    writeFileSync(appEnvFile(paths, 'other'), encryptJson(addonKey(paths), [pg], 'app web'));
    assert.throws(() => readAppEnvEntries(paths, 'other'), /cannot decrypt/);
  });

  it('masks passwords and the URLs holding them', () => {
    assert.equal(maskSecrets(pg.env.DATABASE_URL ?? '', pg.secrets), '*****');
    assert.equal(maskSecrets(pg.env.DATABASE_URL ?? '', ['s3cretpassword']), 'postgres://hop3_db:*****@127.0.0.1:5432/hop3_db');
    assert.deepEqual(secretValues({ ...pg.env, PGUSER: 'hop3_db' }).sort(), [...pg.secrets].sort());
  });
});
