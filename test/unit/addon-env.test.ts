import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { sealCredential, type AddonServices } from '../../lib/addons/context.js';
import {
  appAddonEnv,
  applyPrefix,
  mergeAddonEnv,
  type AddonEnvEntry,
} from '../../lib/addons/env.js';
import { oldAppEnvFiles } from '../../lib/addons/layout.js';
import { secretValues } from '../../lib/domain/secrets.js';
import { createReporter, maskSecrets } from '../../lib/output/reporter.js';
import { createPaths } from '../../lib/paths.js';
import { addonEnvStage } from '../../lib/pipeline/addon-env.js';
import { runtimeEnv } from '../../lib/pipeline/env.js';
import type { Services } from '../../lib/pipeline/services.js';
import { createRegistry } from '../../lib/plugins/registry.js';
import type { Addon } from '../../lib/sdk.js';
import { openState } from '../../lib/state/index.js';

const root = mkdtempSync(join(tmpdir(), 'hop3-addon-env-'));
after(() => rmSync(root, { recursive: true, force: true }));

const config = {
  procfile: { processes: [] },
  toml: {},
  env: { DATABASE_URL: 'from-env-file', GREETING: 'hi' },
  files: { procfile: false, toml: false, env: true },
};

const pg: AddonEnvEntry = {
  addon: 'db',
  type: 'postgres',
  prefix: null,
  env: {
    DATABASE_URL: 'postgres://hop3_db:s3cretpassword@127.0.0.1:5432/hop3_db',
    PGPASSWORD: 's3cretpassword',
  },
  secrets: ['s3cretpassword', 'postgres://hop3_db:s3cretpassword@127.0.0.1:5432/hop3_db'],
};

/** Services over a fresh state with one fake postgres-like addon type. */
function services(name: string): AddonServices {
  const home = join(root, name);
  mkdirSync(home, { recursive: true });
  const plugin = {
    attach: (_app: string, c: { instance: string; values: Record<string, string> }) => ({
      DATABASE_URL: `postgres://hop3_${c.instance}:${c.values.password ?? ''}@127.0.0.1:5432/hop3_${c.instance}`,
      PGPASSWORD: c.values.password ?? '',
    }),
  } as unknown as Addon;
  const plugins = createRegistry([
    {
      kind: 'addon',
      name: 'postgres',
      source: 'builtin',
      version: '0',
      file: '',
      instance: plugin,
    },
  ]);
  return { paths: createPaths(home), state: openState(join(home, 'hop3.db')), plugins };
}

describe('the addon environment of an app', () => {
  it('prefixes every variable, or none', () => {
    assert.deepEqual(applyPrefix({ DATABASE_URL: 'u', PGHOST: 'h' }, 'ANALYTICS'), {
      ANALYTICS_DATABASE_URL: 'u',
      ANALYTICS_PGHOST: 'h',
    });
    assert.deepEqual(applyPrefix({ REDIS_URL: 'r' }, null), { REDIS_URL: 'r' });
  });

  it('is empty for an app with no addon attached (no key needed)', () => {
    const s = services('none');
    assert.deepEqual(appAddonEnv(s, s.state.apps.ensure('web')), []);
  });

  it('runtimeEnv puts it over the ENV file and under config vars and what hop3 injects', () => {
    const addons = mergeAddonEnv([
      pg,
      {
        addon: 'cache',
        type: 'redis',
        prefix: null,
        env: { REDIS_URL: 'redis://:pw@127.0.0.1:16400/0', APP: 'hijack' },
        secrets: [],
      },
    ]);
    const env = runtimeEnv({
      app: 'web',
      release: 2,
      config,
      vars: { PGPASSWORD: 'chosen' },
      addons,
      paths: createPaths(join(root, 'a')),
    });
    assert.equal(env.DATABASE_URL, pg.env.DATABASE_URL);
    assert.equal(env.REDIS_URL, 'redis://:pw@127.0.0.1:16400/0');
    assert.equal(env.PGPASSWORD, 'chosen', 'config:set wins');
    assert.equal(env.APP, 'web', 'hop3 injects APP last');
    assert.equal(env.GREETING, 'hi');
  });

  it('is computed from the state when the app starts: an attach or detach shows at once, nothing is kept on disk', () => {
    const s = services('b');
    const app = s.state.apps.ensure('web');
    s.state.addons.insert(
      'db',
      'postgres',
      sealCredential(s, 'db', { password: 's3cretpassword' }),
    );
    s.state.addons.attach(s.state.addons.get('db').id, app.id, null);
    assert.deepEqual(appAddonEnv(s, app), [pg]);
    s.state.addons.detach(s.state.addons.get('db').id, app.id);
    s.state.addons.attach(s.state.addons.get('db').id, app.id, 'MAIN');
    assert.deepEqual(Object.keys(mergeAddonEnv(appAddonEnv(s, app))), [
      'MAIN_DATABASE_URL',
      'MAIN_PGPASSWORD',
    ]);
  });

  it('the env stage masks its secrets and removes the cache file older versions kept', () => {
    const s = services('c');
    const app = s.state.apps.ensure('web');
    s.state.addons.insert(
      'db',
      'postgres',
      sealCredential(s, 'db', { password: 's3cretpassword' }),
    );
    s.state.addons.attach(s.state.addons.get('db').id, app.id, null);
    const files = oldAppEnvFiles(s.paths, 'web');
    for (const file of files) {
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, 'stale\n', { mode: 0o600 });
    }
    let out = '';
    const log = createReporter({ write: (c: string) => (out += c) });
    const env = addonEnvStage(s as Services, app, log);
    assert.equal(env.PGPASSWORD, 's3cretpassword');
    log.info(`connecting to ${env.DATABASE_URL ?? ''}`);
    assert.equal(out, '       connecting to *****\n');
    assert.deepEqual(
      files.filter((f) => existsSync(f)),
      [],
    );
  });

  it('masks passwords and the URLs holding them', () => {
    assert.equal(maskSecrets(pg.env.DATABASE_URL ?? '', pg.secrets), '*****');
    assert.equal(
      maskSecrets(pg.env.DATABASE_URL ?? '', ['s3cretpassword']),
      'postgres://hop3_db:*****@127.0.0.1:5432/hop3_db',
    );
    assert.deepEqual(secretValues({ ...pg.env, PGUSER: 'hop3_db' }).sort(), [...pg.secrets].sort());
  });
});
