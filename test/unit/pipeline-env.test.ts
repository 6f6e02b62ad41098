import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { secretValues } from '../../lib/domain/secrets.js';
import { runtimeEnv } from '../../lib/pipeline/env.js';
import { createPaths } from '../../lib/paths.js';
import { createReporter } from '../../lib/output/reporter.js';

const config = {
  procfile: { processes: [] },
  toml: {},
  env: { FROM_ENV_FILE: 'a', GREETING: 'file' },
  files: { procfile: false, toml: false, env: true },
};

describe('runtimeEnv', () => {
  it('layers the ENV file, config vars, then what hop3 injects', () => {
    const env = runtimeEnv({
      app: 'shop',
      release: 4,
      config,
      vars: { GREETING: 'var', APP: 'hijack', PORT: '1' },
      paths: createPaths('/home/hop3'),
    });
    assert.equal(env.FROM_ENV_FILE, 'a');
    assert.equal(env.GREETING, 'var');
    assert.equal(env.APP, 'shop');
    assert.equal(env.DATA_DIR, '/home/hop3/apps/shop/data');
    assert.equal(env.BIND_ADDRESS, '127.0.0.1');
    assert.equal(env.HOP3_RELEASE, 'v4');
    assert.equal(env.PORT, undefined, 'PORT is set per web instance by the deployer');
  });
});

describe('secret masking', () => {
  it('masks values of secret-looking keys only', () => {
    assert.deepEqual(
      secretValues({
        NODE_ENV: 'production',
        API_TOKEN: 's3cr3t-value',
        DATABASE_URL: 'postgres://u:pw@h/db',
        SHORT_KEY: 'abc',
      }),
      ['s3cr3t-value', 'postgres://u:pw@h/db'],
    );
  });

  it('replaces them in everything the reporter prints', () => {
    let out = '';
    const log = createReporter({ write: (c: string) => (out += c) });
    log.redact('s3cr3t-value');
    log.info('connecting with s3cr3t-value twice: s3cr3t-value');
    assert.equal(out, '       connecting with ***** twice: *****\n');
  });
});
