// `--json` of every listing, run through the CLI on a small state and validated against its schema in lib/cli/json-shapes.ts.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import type { z } from 'zod';
import {
  addonsShape,
  appInfoShape,
  appsShape,
  configShape,
  domainsShape,
  eventsShape,
  psShape,
  releasesShape,
  sshKeysShape,
  tokensShape,
} from '../../lib/cli/json-shapes.js';
import { createPaths } from '../../lib/paths.js';
import { tempHome, type CliResult } from '../helpers/cli.js';

describe('--json listings', () => {
  const h = tempHome();
  const asAlice = (args: string[]) => h.cli(args, { via: 'ssh', user: 'alice' });
  before(async () => {
    const pub = join(h.home, 'alice.pub');
    writeFileSync(
      pub,
      'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB3mvVXmHdZ4wZ0Qb8DuP1j4yTqk3c5H1qH2Wq0b9Xl alice@laptop\n',
    );
    for (const args of [
      ['apps:create', 'web'],
      ['apps:create', 'db'],
      ['config:set', 'web', 'GREETING=hello', '--no-restart'],
      ['domains:add', 'web', 'www.example.org', '--no-restart'],
      ['ssh-keys:add', 'alice', pub, '--apps', 'web'],
      ['tokens:create', 'ci', '--apps', 'web'],
      ['tokens:create', 'root'],
    ]) {
      const r = await h.cli(args);
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    }
    const dir = createPaths(h.home).app('web');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'some-file'), 'x'.repeat(1000));
  });
  after(() => h.cleanup());

  /** Runs `args`, checks it succeeded and that its output is of `shape`; returns the parsed output. */
  async function json<T>(
    shape: z.ZodType<T>,
    args: string[],
    run: (args: string[]) => Promise<CliResult> = (a) => h.cli(a),
  ): Promise<T> {
    const r = await run(args);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    const parsed = shape.safeParse(JSON.parse(r.stdout));
    assert.ok(parsed.success, `${args.join(' ')}: ${parsed.error?.message ?? ''}`);
    return parsed.data;
  }

  it('apps', async () => {
    const apps = await json(appsShape, ['apps', '--json']);
    assert.deepEqual(
      apps.map((a) => [a.name, a.release, a.state]),
      [
        ['db', null, 'not deployed'],
        ['web', null, 'not deployed'],
      ],
    );
    assert.deepEqual(
      (await json(appsShape, ['apps', '--json'], asAlice)).map((a) => a.name),
      ['web'],
      'a limited key sees its apps only',
    );
  });

  it('apps:info: release, processes, domains, addons, disk use, last deploy', async () => {
    const info = await json(appInfoShape, ['apps:info', 'web', '--json']);
    assert.equal(info.name, 'web');
    assert.equal(info.lastDeploy, null);
    assert.deepEqual(info.processes, []);
    assert.deepEqual(
      info.domains.map((d) => d.hostname),
      ['web.hop3.test', 'www.example.org'],
    );
    assert.deepEqual(info.addons, []);
    assert.ok(info.diskBytes >= 1000, String(info.diskBytes));
    assert.equal((await json(appInfoShape, ['apps:info', 'web', '--json'], asAlice)).name, 'web');
    const refused = await asAlice(['apps:info', 'db', '--json']);
    assert.equal(refused.code, 5);
    assert.equal(refused.stdout, '');
    const text = await h.cli(['apps:info', 'web']);
    assert.match(text.stdout, /^Domains +web\.hop3\.test, www\.example\.org$/m);
  });

  it('ps, releases, config, domains', async () => {
    assert.deepEqual(await json(psShape, ['ps', 'web', '--json']), []);
    assert.deepEqual(await json(releasesShape, ['releases', 'web', '--json']), []);
    assert.deepEqual(await json(configShape, ['config', 'web', '--json']), { GREETING: 'hello' });
    assert.deepEqual(await json(domainsShape, ['domains', 'web', '--json']), [
      { hostname: 'web.hop3.test', source: 'default' },
      { hostname: 'www.example.org', source: 'cli' },
    ]);
  });

  it('addons', async () => {
    assert.deepEqual(await json(addonsShape, ['addons', '--json']), []);
  });

  it('tokens:list and ssh-keys:list: never a secret, apps null for an admin', async () => {
    const r = await h.cli(['tokens:create', 'tmp']);
    const secret = r.stdout.trim();
    const tokens = await json(tokensShape, ['tokens:list', '--json']);
    assert.deepEqual(
      tokens.map((t) => [t.name, t.apps, t.lastUsedAt]),
      [
        ['ci', ['web'], null],
        ['root', null, null],
        ['tmp', null, null],
      ],
    );
    assert.ok(!JSON.stringify(tokens).includes(secret));
    const keys = await json(sshKeysShape, ['ssh-keys:list', '--json']);
    assert.deepEqual(keys, [
      { name: 'alice', type: 'ssh-ed25519', key: 'AAAAC3NzaC1l...2Wq0b9Xl', apps: ['web'] },
    ]);
  });

  it('events: keys of config changes, never values; a limited key sees its apps only', async () => {
    const events = await json(eventsShape, ['events', '--json']);
    assert.ok(
      events.some(
        (e) => e.app === 'web' && e.action === 'config:set' && e.summary === 'set GREETING',
      ),
    );
    assert.ok(!JSON.stringify(events).includes('hello'));
    assert.ok(
      (await json(eventsShape, ['events', '--json'], asAlice)).every((e) => e.app === 'web'),
    );
  });

  it('a wrong shape is rejected', () => {
    assert.equal(
      appsShape.safeParse([{ name: 'web', release: 3, state: 'running', url: 'http://web/' }])
        .success,
      false,
    );
    assert.equal(
      appsShape.safeParse([{ name: 'web', release: 'v3', state: 'sleeping', url: 'http://web/' }])
        .success,
      false,
    );
    assert.equal(
      tokensShape.safeParse([{ name: 'ci', createdAt: 'now', lastUsedAt: null }]).success,
      false,
      'apps missing',
    );
    assert.equal(configShape.safeParse({ N: 1 }).success, false);
    assert.equal(
      appsShape.safeParse([{ name: 'web', release: 'v3', state: 'running', url: 'http://web/' }])
        .success,
      true,
    );
  });
});
