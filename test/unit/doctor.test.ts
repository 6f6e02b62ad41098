// hop3 doctor with small fakes: what fails when settings, the state or the plugins cannot load; disk; nginx's health().
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { doctorShape } from '../../lib/cli/json-shapes.js';
import { diagnose, formatCheck } from '../../lib/doctor/index.js';
import { checkDisk, servicePid } from '../../lib/doctor/host.js';
import { Hop3Error } from '../../lib/errors.js';
import { createPaths } from '../../lib/paths.js';
import { processArgv } from '../../lib/proc/pids.js';
import { DEFAULT_SETTINGS } from '../../lib/settings.js';
import { openState } from '../../lib/state/index.js';
import { checkProxy } from '../../lib/doctor/proxy.js';
import type { Proxy } from '../../lib/sdk.js';
import { nginxHealth } from '../../plugins/proxies/nginx/health.js';

const dir = mkdtempSync(join(tmpdir(), 'hop3-doctor-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('doctor', () => {
  it('reports settings that do not load with their hint, and still checks the state and the disk', async () => {
    const paths = createPaths(dir);
    const state = openState(paths.db);
    const report = await diagnose({
      paths,
      settings: () => {
        throw new Hop3Error('E_SETUP', `${paths.settings} is not valid JSON`, {
          hint: 'fix the file',
        });
      },
      state: () => state,
      services: () => Promise.reject(new Error('not reached')),
    });
    state.close();
    assert.ok(doctorShape.safeParse(report).success);
    assert.equal(report.ok, false);
    assert.deepEqual(
      report.checks.map((c) => [c.area, c.check, c.ok]),
      [
        ['config', 'settings.json', false],
        ['state', 'state database', true],
        ['disk', 'free space', true],
      ],
    );
    assert.equal(report.checks[0]?.fix, 'fix the file');
    assert.match(
      formatCheck(report.checks[0]),
      /^FAIL {2}config {4}settings\.json: .* is not valid JSON {2}-> fix: fix the file$/,
    );
    assert.match(formatCheck(report.checks[1]!), /^ok {4}state {5}state database: .*integrity ok$/);
  });

  it('reports plugins that fail to load as one failed check', async () => {
    const paths = createPaths(dir);
    const state = openState(paths.db);
    const report = await diagnose(
      {
        paths,
        settings: () => DEFAULT_SETTINGS,
        state: () => state,
        services: () => Promise.reject(new Hop3Error('E_PLUGIN_LOAD', 'plugin x failed to load')),
      },
      { minFreeMb: 0 },
    );
    state.close();
    const plugins = report.checks.find((c) => c.check === 'plugins');
    assert.equal(plugins?.ok, false);
    assert.equal(plugins.detail, 'plugin x failed to load');
    assert.equal(report.ok, false);
  });

  it('fails the disk check below the threshold', () => {
    assert.equal(checkDisk(dir, 0).ok, true);
    const full = checkDisk(dir, Number.MAX_SAFE_INTEGER);
    assert.equal(full.ok, false);
    assert.match(full.detail, /MB free on the disk of .* \(minimum \d+ MB\)/);
    assert.match(full.fix ?? '', /apps:cleanup/);
  });

  it('finds a service by its pid file or its command line', () => {
    const pidFile = join(dir, 'svc.pid');
    writeFileSync(pidFile, String(process.pid));
    assert.equal(
      servicePid({ name: 'x', description: 'x', command: ['/nonexistent/x'], pidFile }),
      process.pid,
    );
    assert.notEqual(
      servicePid({
        name: 'x',
        description: 'x',
        command: processArgv(process.pid)?.slice(-2) ?? [],
      }),
      undefined,
    );
    assert.equal(
      servicePid({
        name: 'x',
        description: 'x',
        command: ['/nonexistent/hop3-no-such-service', '--flag'],
      }),
      undefined,
    );
  });

  it("nginx's health(): the master from its pid file, and each app's site file", () => {
    const sitesDir = join(dir, 'sites');
    mkdirSync(sitesDir);
    writeFileSync(join(sitesDir, 'web.conf'), '# site');
    const pidFile = join(dir, 'nginx.pid');
    writeFileSync(pidFile, String(process.pid));
    const settings = {
      ...DEFAULT_SETTINGS,
      sections: { nginx: { sitesDir, pidFile } },
    };
    const found = nginxHealth({ settings }, { apps: ['web', 'api'] });
    assert.deepEqual(
      found.map((f) => [f.area, f.check, f.ok]),
      [
        ['services', 'nginx', true],
        ['config', 'nginx site of web', true],
        ['config', 'nginx site of api', false],
      ],
    );
    assert.equal(found[2]?.fix, 'hop3 restart api');
    writeFileSync(pidFile, '999999999');
    const stopped = nginxHealth({ settings }, { apps: [] });
    assert.equal(stopped[0]?.ok, false);
    assert.match(stopped[0].detail, /not running/);
  });

  it("a proxy's validate() failure and a throwing health() are failed checks, not a crash", async () => {
    const proxy = {
      name: 'fake',
      instance: {
        validate: () =>
          Promise.reject(
            new Hop3Error('E_PROXY_REJECTED', 'fake rejected the sites', { hint: 'fix site x' }),
          ),
        health: () => Promise.reject(new Error('boom')),
      } as unknown as Proxy,
    };
    const checks = await checkProxy(proxy, ['web']);
    assert.deepEqual(
      checks.map((c) => [c.check, c.ok, c.detail, c.fix]),
      [
        ['proxy fake configuration', false, 'fake rejected the sites', 'fix site x'],
        ['proxy fake', false, 'boom', "report it to the fake plugin's authors"],
      ],
    );
  });
});
