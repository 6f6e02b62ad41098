// A simulated reboot: every hop3 process, the emperor and nginx are killed; `hop3 boot` brings every
// app back at its current release. (Runs last: it stops the host's services for a moment.)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  appName,
  destroy,
  get,
  hostOf,
  requireE2eEnvironment,
  sh,
  ssh,
  workingCopy,
  GIT_HTTP_PORT,
} from './helpers.js';

before(requireE2eEnvironment);

const apps = [
  { name: appName('rbweb'), fixture: 'python-web', expect: /python-web: hello v1/ },
  { name: appName('rbsite'), fixture: 'static-site', expect: /static-site/ },
];

after(async () => {
  for (const a of apps) await destroy(a.name);
});

describe('after a reboot', () => {
  it('hop3 boot brings every app back at its current release', async () => {
    for (const a of apps) {
      const wc = await workingCopy(a.fixture, a.name);
      try {
        const push = await wc.push();
        assert.equal(push.code, 0, push.stderr);
      } finally {
        wc.cleanup();
      }
      assert.match((await get(hostOf(a.name))).body, a.expect);
    }
    const before = (await ssh(['apps'])).stdout;

    // Every hop3 process: the agent's, the root emperor, and every app user's.
    const appUsers = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .map((l) => l.split(':')[0] ?? '')
      .filter((u) => u.startsWith('hop3-'));
    await sh('pkill', ['-KILL', '-u', ['hop3', ...appUsers].join(',')]);
    const emperor = readFileSync('/var/lib/hop3/emperor/emperor.pid', 'utf8').trim();
    await sh('kill', ['-KILL', emperor]);
    await sh('/usr/sbin/nginx', ['-s', 'stop']);
    await new Promise((r) => setTimeout(r, 1000));
    await assert.rejects(
      get(hostOf(apps[0]?.name ?? '')),
      'nothing answers while the host is "down"',
    );

    const boot = await sh('hop3', ['boot']);
    assert.equal(boot.code, 0, `${boot.stdout}\n${boot.stderr}`);
    for (const a of apps) {
      assert.match(boot.stdout, new RegExp(`${a.name}: running v1|${a.name}: .*restarting v1`));
      assert.match((await get(hostOf(a.name))).body, a.expect);
    }
    assert.equal((await ssh(['apps'])).stdout, before, 'the same releases are current');
    const git = await sh('curl', [
      '-s',
      '-o',
      '/dev/null',
      '-w',
      '%{http_code}',
      `http://127.0.0.1:${GIT_HTTP_PORT}/x.git/info/refs?service=git-upload-pack`,
    ]);
    assert.equal(git.stdout, '401', 'the HTTP git server is back (and still wants a token)');
  });
});
