// The event log: the repository (filters, following, retention) and `events` through the CLI (access, --json, secrets).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { followEvents } from '../../lib/cli/commands/events.js';
import { eventsShape } from '../../lib/cli/json-shapes.js';
import { DEFAULT_SETTINGS, parseSettings } from '../../lib/settings.js';
import { openState, type State } from '../../lib/state/index.js';
import { tempHome } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'hop3-events-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('events repository', () => {
  let state: State;
  before(() => {
    state = openState(join(dir, 'a.db'));
  });
  after(() => state.close());

  it('lists the newest events oldest first, by app, by a set of apps, and after an id', () => {
    const ids = ['web', 'db', null, 'web'].map((app, i) =>
      state.events.record({ app, actor: 'alice', action: 'config:set', summary: `n${i}` }),
    );
    assert.deepEqual(
      state.events.list().map((e) => e.summary),
      ['n0', 'n1', 'n2', 'n3'],
    );
    assert.deepEqual(
      state.events.list({ limit: 2 }).map((e) => e.summary),
      ['n2', 'n3'],
    );
    assert.deepEqual(
      state.events.list({ app: 'web' }).map((e) => e.summary),
      ['n0', 'n3'],
    );
    assert.deepEqual(
      state.events.list({ apps: ['db', 'web'] }).map((e) => e.summary),
      ['n0', 'n1', 'n3'],
      'host-wide events are left out',
    );
    assert.deepEqual(state.events.list({ apps: [] }), []);
    assert.deepEqual(
      state.events.list({ afterId: ids[1] ?? 0 }).map((e) => e.summary),
      ['n2', 'n3'],
    );
    const [first] = state.events.list({ limit: 1 });
    assert.equal(first?.app, 'web');
    assert.match(first.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('keeps the newest keepPerApp events of each app (and of the host) and none older than keepDays', () => {
    const s = openState(join(dir, 'b.db'));
    const keep = { keepPerApp: 3, keepDays: 0 };
    for (let i = 0; i < 5; i += 1)
      s.events.record({ app: 'web', actor: 'a', action: 'restart', summary: `w${i}` }, keep);
    for (let i = 0; i < 5; i += 1)
      s.events.record({ app: null, actor: 'a', action: 'tokens:create', summary: `h${i}` }, keep);
    s.events.record({ app: 'db', actor: 'a', action: 'restart', summary: 'd0' }, keep);
    assert.deepEqual(
      s.events.list({ app: 'web' }).map((e) => e.summary),
      ['w2', 'w3', 'w4'],
    );
    assert.deepEqual(
      s.events
        .list()
        .filter((e) => e.app === null)
        .map((e) => e.summary),
      ['h2', 'h3', 'h4'],
    );
    s.events.record({
      app: 'db',
      actor: 'a',
      action: 'restart',
      summary: 'old',
      at: '2020-01-01T00:00:00.000Z',
    });
    s.events.record(
      { app: 'db', actor: 'a', action: 'restart', summary: 'd1' },
      { keepPerApp: 0, keepDays: 30 },
    );
    assert.deepEqual(
      s.events.list({ app: 'db' }).map((e) => e.summary),
      ['d0', 'd1'],
      'the 2020 event is past 30 days',
    );
    s.close();
  });

  it('follows: new events are passed on in order until the signal aborts', async () => {
    const stop = new AbortController();
    const seen: string[] = [];
    const newest = state.events.list({ limit: 1 })[0]?.id ?? 0;
    const following = followEvents(
      (afterId) => state.events.list({ afterId }),
      newest,
      (e) => {
        seen.push(e.summary);
        if (seen.length === 2) stop.abort();
      },
      stop.signal,
      10,
    );
    state.events.record({ app: 'web', actor: 'a', action: 'restart', summary: 'f1' });
    state.events.record({ app: 'web', actor: 'a', action: 'restart', summary: 'f2' });
    await following;
    assert.deepEqual(seen, ['f1', 'f2']);
  });
});

describe('events settings', () => {
  it('defaults to 1000 per app and 90 days, and refuses a value that is not a whole number', () => {
    assert.deepEqual(DEFAULT_SETTINGS.events, { keepPerApp: 1000, keepDays: 90 });
    assert.deepEqual(parseSettings({ events: { keepDays: 0 } }).events, {
      keepPerApp: 1000,
      keepDays: 0,
    });
    assert.throws(
      () => parseSettings({ events: { keepPerApp: -1 } }),
      /"events\.keepPerApp" must be a whole number/,
    );
  });
});

describe('events command', () => {
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
      ['config:set', 'web', 'GREETING=hello', 'API_TOKEN=s3cret-value', '--no-restart'],
      ['config:set', 'db', 'PASSWORD=hunter2', '--no-restart'],
      ['ssh-keys:add', 'alice', pub, '--apps', 'web'],
      ['tokens:create', 'ci'],
    ]) {
      const r = await h.cli(args);
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    }
  });
  after(() => h.cleanup());

  it('records each successful state-changing command with its actor, keys but never values', async () => {
    const r = await h.cli(['events', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const events = eventsShape.parse(JSON.parse(r.stdout));
    assert.deepEqual(
      events.map((e) => [e.app, e.action, e.summary]),
      [
        ['web', 'apps:create', 'created'],
        ['db', 'apps:create', 'created'],
        ['web', 'config:set', 'set GREETING, API_TOKEN'],
        ['db', 'config:set', 'set PASSWORD'],
        [null, 'ssh-keys:add', 'added ssh key alice (apps: web)'],
        [null, 'tokens:create', 'created token ci (admin)'],
      ],
    );
    assert.ok(events.every((e) => e.actor === 'local'));
    assert.doesNotMatch(r.stdout, /hello|s3cret|hunter2|hop3_/);
    const text = await h.cli(['events', 'web', '-n', '1']);
    assert.match(
      text.stdout,
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ {2}web {2}local {2}config:set {2}set GREETING, API_TOKEN\n$/,
    );
  });

  it('does not record a failed or a read-only command', async () => {
    const before = JSON.parse((await h.cli(['events', '--json'])).stdout) as unknown[];
    assert.equal((await h.cli(['config:set', 'web', 'no-equals-sign'])).code, 2);
    assert.equal((await h.cli(['config', 'web'])).code, 0);
    assert.equal(
      (JSON.parse((await h.cli(['events', '--json'])).stdout) as unknown[]).length,
      before.length,
    );
  });

  it('a limited key sees only the events of its apps, with the key as actor', async () => {
    assert.equal((await asAlice(['config:set', 'web', 'COLOR=blue', '--no-restart'])).code, 0);
    const mine = eventsShape.parse(JSON.parse((await asAlice(['events', '--json'])).stdout));
    assert.deepEqual(
      mine.map((e) => e.app),
      ['web', 'web', 'web'],
    );
    assert.deepEqual(mine.at(-1), {
      ...mine.at(-1),
      actor: 'alice',
      action: 'config:set',
      summary: 'set COLOR',
    });
    const refused = await asAlice(['events', 'db']);
    assert.equal(refused.code, 5);
    assert.match(refused.stderr, /may not use app "db"/);
  });

  it('refuses a bad -n', async () => {
    const r = await h.cli(['events', '-n', 'many']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /-n must be a whole number/);
  });
});
