// Bad input and failures, each with a clear error and nothing changed: unknown type, duplicate and invalid
// names, a missing app, destroy without --confirm, corrupt backups, and a server stopped before or during
// a create (nothing half-made is left once the server is back).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createAddon } from '../../lib/addons/create.js';
import { createReporter } from '../../lib/output/reporter.js';
import { createSandbox } from '../../lib/identity/app-sandbox.js';
import { createPaths } from '../../lib/paths.js';
import type { Services } from '../../lib/pipeline/services.js';
import { createRegistry } from '../../lib/plugins/registry.js';
import { run, type RunCommand } from '../../lib/proc/run.js';
import { DEFAULT_SETTINGS } from '../../lib/settings.js';
import { openState } from '../../lib/state/index.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { readGreeting, writeGreeting, type AddonEnv } from './addons-clients.js';
import {
  addonPlugins,
  removeAllAddons,
  restartServer,
  serverHas,
  startAddonServers,
  stopServer,
} from './addons-servers.js';

let stack: Stack;
before(async () => {
  stack = await startStack();
  await startAddonServers(stack.home);
  assert.equal((await stack.hop3(['apps:create', 'web'])).code, 0);
});
after(async () => {
  await removeAllAddons((args) => stack.hop3(args));
  await stack.stop();
});

/** Runs hop3 and checks it failed with this exit code and message. */
async function fails(args: string[], code: number, message: RegExp): Promise<string> {
  const r = await stack.hop3(args);
  assert.equal(r.code, code, `hop3 ${args.join(' ')}\n${r.stdout}\n${r.stderr}`);
  assert.match(r.stderr, message);
  return r.stderr;
}

const listed = async (): Promise<string> => (await stack.hop3(['addons', '--json'])).stdout.trim();

async function revealed(name: string): Promise<AddonEnv> {
  return (
    JSON.parse((await stack.hop3(['addons:info', name, '--reveal', '--json'])).stdout) as {
      env: AddonEnv;
    }
  ).env;
}

describe('bad input: a clear error and nothing changed', () => {
  it('an unknown type names the types there are', async () => {
    await fails(
      ['addons:create', 'mongodb', 'x'],
      8,
      /unknown addon type "mongodb" \(available: mysql, postgres, redis, sqlite\)/,
    );
    assert.equal(await listed(), '[]');
  });

  it('invalid names never reach SQL, a path or a command', async () => {
    for (const name of [
      '../x',
      'a;b',
      "x'; DROP ROLE hop3; --",
      'Caps',
      'x_y',
      `a${'b'.repeat(50)}`,
    ]) {
      await fails(['addons:create', 'postgres', name], 2, /invalid addon name/);
      await fails(['addons:info', name], 2, /invalid addon name/);
    }
    await fails(['addons:attach', 'db', 'web', '--as', 'lower'], 2, /invalid prefix/);
    assert.equal(await listed(), '[]');
  });

  it('a duplicate name is refused, whatever the type', async () => {
    assert.equal((await stack.hop3(['addons:create', 'postgres', 'dup'])).code, 0);
    await fails(
      ['addons:create', 'postgres', 'dup'],
      6,
      /an addon named "dup" already exists \(postgres\)/,
    );
    await fails(['addons:create', 'mysql', 'dup'], 6, /already exists/);
    assert.deepEqual(await serverHas('mysql', 'hop3_dup'), { database: false, user: false });
    assert.equal((JSON.parse(await listed()) as unknown[]).length, 1);
  });

  it('attaching to a missing app changes nothing', async () => {
    await fails(['addons:attach', 'dup', 'nope'], 3, /app "nope" does not exist/);
    await fails(['addons:attach', 'missing', 'web'], 3, /addon "missing" does not exist/);
    assert.deepEqual((JSON.parse(await listed()) as { apps: string[] }[])[0]?.apps, []);
  });

  it('destroy needs --confirm NAME, and refuses while attached', async () => {
    await fails(['addons:destroy', 'dup'], 2, /needs --confirm dup/);
    await fails(
      ['addons:destroy', 'dup', '--confirm', 'other'],
      2,
      /does not match the addon name "dup"/,
    );
    assert.equal((await stack.hop3(['addons:attach', 'dup', 'web', '--no-restart'])).code, 0);
    await fails(
      ['addons:destroy', 'dup', '--confirm', 'dup'],
      6,
      /attached to web: detach it first/,
    );
    assert.deepEqual(await serverHas('postgres', 'hop3_dup'), { database: true, user: true });
  });

  it('a sqlite addon needs an app', async () => {
    await fails(['addons:create', 'sqlite', 'lite'], 2, /say which app/);
    assert.doesNotMatch(await listed(), /lite/);
  });
});

describe('restoring a corrupt file changes nothing', () => {
  for (const type of ['postgres', 'mysql', 'redis'] as const) {
    it(type, async () => {
      const name = `keep-${type}`;
      assert.equal((await stack.hop3(['addons:create', type, name])).code, 0);
      const env = await revealed(name);
      await writeGreeting(type, env, 'kept');
      const bad = join(stack.home, `garbage.${type}`);
      writeFileSync(bad, 'this is not a backup\n');
      await fails(['addons:restore', name, bad], 2, /nothing was changed/);
      assert.equal(await readGreeting(type, env), 'kept');
    });
  }

  it('postgres: a truncated dump fails inside one transaction', async () => {
    const env = await revealed('keep-postgres');
    const backup =
      (await stack.hop3(['addons:backup', 'keep-postgres'])).stdout.trim().split('\n').at(-1) ?? '';
    await writeGreeting('postgres', env, 'newer');
    const cut = join(stack.home, 'cut.dump');
    const whole = readFileSync(backup);
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.8)));
    await fails(
      ['addons:restore', 'keep-postgres', cut],
      2,
      /nothing was changed|not a PostgreSQL backup/,
    );
    assert.equal(await readGreeting('postgres', env), 'newer');
  });

  it('mysql: a dump that breaks half-way is undone', async () => {
    const env = await revealed('keep-mysql');
    const broken = join(stack.home, 'broken.sql');
    writeFileSync(
      broken,
      '-- MariaDB dump 10.19\nDROP TABLE IF EXISTS greetings;\nCREATE TABLE greetings (name VARCHAR(64) PRIMARY KEY, value TEXT);\nTHIS IS NOT SQL;\n-- Dump completed on 2026-01-01\n',
    );
    await fails(['addons:restore', 'keep-mysql', broken], 2, /the data was put back as it was/);
    assert.equal(await readGreeting('mysql', env), 'kept');
  });
});

describe('a server stopped before or during create leaves nothing behind', () => {
  for (const type of ['postgres', 'mysql'] as const) {
    it(`${type}: stopped before`, async () => {
      await stopServer(type);
      try {
        await fails(
          ['addons:create', type, 'early'],
          1,
          new RegExp(
            `${type === 'postgres' ? 'PostgreSQL' : 'MariaDB'} is not running[\\s\\S]*hint: start it as root: hop3 setup --with ${type}`,
          ),
        );
      } finally {
        await restartServer(stack.home, type);
      }
      assert.doesNotMatch(await listed(), /early/);
      assert.deepEqual(await serverHas(type, 'hop3_early'), { database: false, user: false });
    });

    it(`${type}: stopped half-way, cleaned up once it is back`, async () => {
      // The server stops right after the first statement of the creation succeeded.
      let stopped = false;
      const faulty: RunCommand = async (file, args, options) => {
        const result = await run(file, args, options);
        const first = type === 'postgres' ? /CREATE ROLE/ : /CREATE DATABASE/;
        if (!stopped && first.test(options?.input ?? '') && result.exitCode === 0) {
          stopped = true;
          await stopServer(type);
        }
        return result;
      };
      const state = openState(join(stack.home, 'hop3.db'));
      const plugin = addonPlugins(stack.home, faulty)[type];
      const s: Services = {
        paths: createPaths(stack.home),
        settings: DEFAULT_SETTINGS,
        state,
        plugins: createRegistry([
          {
            kind: 'addon',
            name: type,
            source: 'builtin',
            version: 'test',
            file: 'test',
            instance: plugin,
          },
        ]),
        run: faulty,
        sandbox: (app) => createSandbox(createPaths(stack.home), DEFAULT_SETTINGS, app, faulty),
      };
      const output: string[] = [];
      try {
        await assert.rejects(
          createAddon(s, {
            type,
            name: 'half',
            log: createReporter({ write: (c: string) => output.push(c) }),
          }),
          /stopped answering/,
        );
      } finally {
        state.close();
        await restartServer(stack.home, type);
      }
      assert.ok(stopped, 'the server was stopped during the creation');
      assert.match(output.join(''), /removes it at the next addons command/);
      assert.equal(
        (await serverHas(type, 'hop3_half')).database || (await serverHas(type, 'hop3_half')).user,
        true,
        'a leftover exists until then',
      );
      const list = await stack.hop3(['addons']);
      assert.match(list.stdout, /removed what the failed creation of \w+ addon half had left/);
      assert.doesNotMatch(list.stdout, /^half\s/m);
      assert.deepEqual(await serverHas(type, 'hop3_half'), { database: false, user: false });
    });
  }

  it('redis: no emperor to run it, no instance', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const home = mkdtempSync(join(tmpdir(), 'hop3-noemperor-'));
    try {
      await assert.rejects(
        addonPlugins(home).redis.check(),
        /cannot run redis addons: the uWSGI emperor \(hop3's process supervisor\) is not running/,
      );
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
