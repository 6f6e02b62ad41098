// The whole pipeline through a real git push into a temporary home: hook, build, uWSGI, nginx, state.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startStack, type AppCopy, type Stack } from '../helpers/stack.js';

let stack: Stack;
before(async () => {
  stack = await startStack();
});
after(async () => {
  await stack.stop();
});

describe('push to deploy', () => {
  let copy: AppCopy;

  it('deploys the Node sample and serves it through nginx', async () => {
    copy = await stack.app('web', 'node-express');
    const push = await copy.push();
    assert.equal(push.code, 0, push.stderr);
    for (const step of [
      'Deploying web v1',
      'Node.js app detected (package.json)',
      'Starting web=1 with uwsgi',
      'Waiting for the health check',
      'Switching nginx',
      'Deployed web v1',
    ]) {
      assert.ok(push.stderr.includes(`remote: -----> ${step}`), `${step} in\n${push.stderr}`);
    }
    assert.match(push.stderr, /remote: {8}done in \d+\.\d+ s/);
    assert.match((await stack.get('web')).body, /node-express: hello v1/);
  });

  it('keeps the build log, the artifact and the current link', () => {
    const meta = join(stack.home, 'apps', 'web', 'meta');
    const artifact = JSON.parse(readFileSync(join(meta, '1.artifact.json'), 'utf8')) as {
      kind: string;
      builder: string;
      toolchain: string;
    };
    assert.deepEqual(
      [artifact.kind, artifact.builder, artifact.toolchain],
      ['node', 'local', 'node'],
    );
    assert.match(readFileSync(join(meta, '1.build.log'), 'utf8'), /Deployed web v1/);
    assert.match(readFileSync(join(stack.home, 'apps', 'web', 'current', 'VERSION'), 'utf8'), /v1/);
  });

  it('redeploys a change, reusing the dependency cache', async () => {
    await copy.commit({ VERSION: 'v2\n' });
    const push = await copy.push();
    assert.equal(push.code, 0, push.stderr);
    assert.match(push.stderr, /Reusing node_modules/);
    assert.match((await stack.get('web')).body, /hello v2/);
    const ps = await stack.hop3(['ps', 'web', '--json']);
    const instances = JSON.parse(ps.stdout) as { generation: number; state: string }[];
    assert.equal(instances.length, 1, 'the old generation was retired');
    assert.equal(instances[0]?.state, 'running');
  });

  it('applies config:set by restarting, as a new release, without a rebuild', async () => {
    const r = await stack.hop3(['config:set', 'web', 'GREETING=salut']);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /detected|npm/);
    assert.match((await stack.get('web')).body, /salut v2/);
    const releases = await stack.hop3(['releases', 'web']);
    assert.match(releases.stdout, /^v3\*\s+succeeded\s+\w+.*Set GREETING/m);
  });

  it('deploy APP rebuilds the current commit as a new release', async () => {
    const r = await stack.hop3(['deploy', 'web']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /-----> Deploying web v4/);
    assert.match((await stack.get('web')).body, /salut v2/);
    assert.match(
      (await stack.hop3(['releases', 'web'])).stdout,
      /^v4\*\s+succeeded.*Rebuild \w{7}/m,
    );
  });

  it('rejects a failing build and keeps serving', async () => {
    await copy.commit({
      'package.json':
        '{ "name": "web", "scripts": { "postinstall": "exit 7" }, "dependencies": {} }',
    });
    const push = await copy.push();
    assert.notEqual(push.code, 0);
    assert.match(push.stderr, / ! {5}build failed/);
    assert.match((await stack.get('web')).body, /salut v2/);
    const releases = await stack.hop3(['releases', 'web', '--json']);
    const [latest] = JSON.parse(releases.stdout) as {
      number: number;
      status: string;
      buildLog: string;
    }[];
    assert.equal(latest?.status, 'failed');
    assert.match(readFileSync(latest.buildLog, 'utf8'), /exit 7|postinstall/);
  });

  it('refuses a concurrent deploy of the same app at once', async () => {
    const { acquireLock } = await import('../../lib/state/lock.js');
    const lock = acquireLock(join(stack.home, 'locks'), 'web', 'a test holding the lock');
    try {
      const r = await stack.hop3(['restart', 'web']);
      assert.equal(r.code, 6);
      assert.match(r.stderr, /web is busy: a test holding the lock/);
    } finally {
      lock.release();
    }
  });

  it('stop removes the site, start brings it back', async () => {
    assert.equal((await stack.hop3(['stop', 'web'])).code, 0);
    assert.doesNotMatch((await stack.get('web')).body, /salut/);
    const start = await stack.hop3(['start', 'web']);
    assert.equal(start.code, 0, start.stderr);
    assert.match((await stack.get('web')).body, /salut v2/);
  });

  it('serves a static site from the release directory', async () => {
    const site = await stack.app('site', 'static-site');
    const push = await site.push();
    assert.equal(push.code, 0, push.stderr);
    assert.match((await stack.get('site')).body, /static-site/);
    assert.match((await stack.get('site', '/version.txt')).body, /v1/);
  });

  it('apps:destroy stops serving and removes the app, keeping its data unless --purge', async () => {
    const data = join(stack.home, 'apps', 'site', 'data');
    assert.ok(existsSync(data), 'DATA_DIR exists once deployed');
    writeFileSync(join(data, 'kept.txt'), 'precious');
    const r = await stack.hop3(['apps:destroy', 'site', '--confirm', 'site']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await stack.get('site')).status, 404);
    assert.match(r.stdout, /data kept/);
    assert.equal(readFileSync(join(data, 'kept.txt'), 'utf8'), 'precious');
    assert.ok(!existsSync(join(stack.home, 'repos', 'site.git')));
    assert.ok(!existsSync(join(stack.home, 'apps', 'site', 'releases')));
    assert.equal((await stack.hop3(['apps'])).stdout.includes('site'), false);
    const again = await stack.app('site', 'static-site');
    assert.equal((await again.push()).code, 0);
    assert.equal(
      (await stack.hop3(['apps:destroy', 'site', '--confirm', 'site', '--purge'])).code,
      0,
    );
    assert.ok(!existsSync(join(stack.home, 'apps', 'site')));
  });

  it('lets one of two simultaneous pushes deploy and refuses the other at once', async () => {
    const first = await stack.app('busy', {
      Procfile: 'prebuild: sleep 2\nweb: python3 -m http.server $PORT --bind 127.0.0.1\n',
      'index.html': 'v1\n',
    });
    assert.equal((await first.push()).code, 0);
    const second = await stack.clone('busy', first);
    await first.commit({ 'index.html': 'from first\n' });
    await second.commit({ 'index.html': 'from second\n' });
    const started = Date.now();
    const [a, b] = await Promise.all([first.push(), second.push()]);
    const refused = [a, b].filter((r) => r.code !== 0);
    assert.equal(refused.length, 1, `exactly one push is refused:\n${a.stderr}\n${b.stderr}`);
    assert.match(
      refused[0]?.stderr ?? '',
      /busy is busy: a deploy of \w+ \(pid \d+\) is in progress/,
    );
    assert.ok(Date.now() - started < 15_000);
    assert.match((await stack.get('busy')).body, /from (first|second)/);
  });
});
