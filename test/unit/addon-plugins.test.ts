// The built-in addon plugins load with the members of their kind, and turn credentials into the variables
// the docs promise (URL parts encoded).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createHop3Container } from '../../lib/container.js';
import { silentReporter } from '../../lib/output/reporter.js';
import { createPaths } from '../../lib/paths.js';
import { DEFAULT_SETTINGS } from '../../lib/settings.js';

const root = mkdtempSync(join(tmpdir(), 'hop3-addon-plugins-'));
after(() => rmSync(root, { recursive: true, force: true }));

const load = async () =>
  (
    await createHop3Container({
      paths: createPaths(root),
      settings: DEFAULT_SETTINGS,
      log: silentReporter,
      externalDir: join(root, 'plugins'),
    })
  ).plugins;

const credential = (addonType: string, values: Record<string, string>) => ({
  addonType,
  instance: 'db',
  values,
});
const sql = {
  host: '127.0.0.1',
  port: '5432',
  database: 'hop3_db',
  user: 'hop3_db',
  password: 'p@ss/w:rd',
};

describe('built-in addon plugins', () => {
  it('are loaded with a description, a backup extension and, except sqlite, a server setup', async () => {
    const addons = (await load()).all('addon');
    assert.deepEqual(addons.map((a) => a.name).sort(), ['mysql', 'postgres', 'redis', 'sqlite']);
    for (const a of addons) {
      assert.ok(a.instance.description.length > 10);
      assert.match(a.instance.backupExtension, /^[a-z0-9]+$/);
      assert.equal(a.instance.server === undefined, a.name === 'sqlite', a.name);
    }
  });

  it('postgres gives DATABASE_URL and the PG* variables', async () => {
    const env = (await load())
      .get('addon', 'postgres')
      .instance.attach('web', credential('postgres', sql));
    assert.deepEqual(env, {
      DATABASE_URL: 'postgres://hop3_db:p%40ss%2Fw%3Ard@127.0.0.1:5432/hop3_db',
      PGHOST: '127.0.0.1',
      PGPORT: '5432',
      PGDATABASE: 'hop3_db',
      PGUSER: 'hop3_db',
      PGPASSWORD: 'p@ss/w:rd',
    });
  });

  it('mysql gives DATABASE_URL and the MYSQL_* variables', async () => {
    const env = (await load())
      .get('addon', 'mysql')
      .instance.attach('web', credential('mysql', { ...sql, port: '3306' }));
    assert.equal(env.DATABASE_URL, 'mysql://hop3_db:p%40ss%2Fw%3Ard@127.0.0.1:3306/hop3_db');
    assert.deepEqual(Object.keys(env), [
      'DATABASE_URL',
      'MYSQL_HOST',
      'MYSQL_PORT',
      'MYSQL_DATABASE',
      'MYSQL_USER',
      'MYSQL_PASSWORD',
    ]);
  });

  it('redis gives REDIS_URL; sqlite gives a sqlite:/// URL to the file', async () => {
    const plugins = await load();
    assert.deepEqual(
      plugins
        .get('addon', 'redis')
        .instance.attach(
          'web',
          credential('redis', { host: '127.0.0.1', port: '16400', password: 'pw' }),
        ),
      {
        REDIS_URL: 'redis://:pw@127.0.0.1:16400/0',
      },
    );
    assert.deepEqual(
      plugins
        .get('addon', 'sqlite')
        .instance.attach(
          'web',
          credential('sqlite', { path: '/home/hop3/apps/web/data/db.sqlite3' }),
        ),
      {
        DATABASE_URL: 'sqlite:////home/hop3/apps/web/data/db.sqlite3',
        DATABASE_PATH: '/home/hop3/apps/web/data/db.sqlite3',
      },
    );
  });

  it('sqlite asks for an app, and removes nothing for a half-made instance', async () => {
    const sqlite = (await load()).get('addon', 'sqlite').instance;
    await assert.rejects(sqlite.create({ instance: 'db' }), /say which app/);
    await sqlite.destroy(credential('sqlite', {}));
  });
});
