// A Heroku-style app deployed unchanged: config from hop3/, console and custom types idle until ps:scale, and
// processes exec'd so the app gets the stop signal itself and `ps` shows its own pid.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { startStack, type AppCopy, type Stack } from '../helpers/stack.js';

let stack: Stack;
before(async () => {
  stack = await startStack();
});
after(async () => {
  await stack.stop();
});

interface Instance {
  process: string;
  index: number;
  state: string;
  pid?: number;
}

async function instances(app: string): Promise<Instance[]> {
  const ps = await stack.hop3(['ps', app, '--json']);
  assert.equal(ps.code, 0, ps.stderr);
  return JSON.parse(ps.stdout) as Instance[];
}

/** The command line of a live process, its arguments joined with spaces. */
function cmdline(pid: number): string {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
}

/** The command line of a process's parent. */
function parentCmdline(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return cmdline(Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
}

async function waitFor(file: string): Promise<boolean> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (existsSync(file)) return true;
    await sleep(50);
  }
  return false;
}

describe('a Heroku-style app with its config in hop3/', () => {
  let copy: AppCopy;
  let webPid = 0;
  let workerPid = 0;
  const data = (): string => join(stack.home, 'apps', 'procs', 'data');

  it('deploys unchanged: web and worker start, console and custom are listed with the command', async () => {
    copy = await stack.app('procs', 'heroku-procs');
    const push = await copy.push();
    assert.equal(push.code, 0, push.stderr);
    assert.match(push.stderr, /Starting web=1 worker=1 console=0 custom=0 with uwsgi/);
    assert.match(
      push.stderr,
      /Not started \(0 instances\): console, custom; start with: ps:scale procs console=1 custom=1/,
    );
    const page = await stack.get('procs');
    assert.match(page.body, /^heroku-procs: hello from hop3\/ENV v1 pid=\d+$/m);
    webPid = Number(/pid=(\d+)/.exec(page.body)?.[1]);
  });

  it('ps shows the pids of the app processes themselves, with no shell left above them', async () => {
    const list = await instances('procs');
    assert.deepEqual(list.map((i) => `${i.process}.${i.index}:${i.state}`).sort(), [
      'console.1:stopped',
      'custom.1:stopped',
      'web.1:running',
      'worker.1:running',
    ]);
    const web = list.find((i) => i.process === 'web');
    const worker = list.find((i) => i.process === 'worker');
    assert.equal(web?.pid, webPid, 'the pid ps shows is the one serving the page');
    assert.match(cmdline(webPid), /^python3 server\.py$/);
    workerPid = worker?.pid ?? 0;
    assert.match(cmdline(workerPid), /^python3 -u worker\.py$/);
    for (const pid of [webPid, workerPid])
      assert.match(parentCmdline(pid), /uwsgi/, 'the uWSGI vassal is the parent: no shell between');
  });

  it('a redeploy keeps what ps:scale set, and the retired processes get SIGTERM themselves', async () => {
    const scaled = await stack.hop3(['ps:scale', 'procs', 'worker=0']);
    assert.equal(scaled.code, 0, scaled.stderr);
    assert.ok(
      await waitFor(join(data(), `worker-${workerPid}.sigterm`)),
      'the worker wrote its SIGTERM marker',
    );
    assert.ok(
      await waitFor(join(data(), `web-${webPid}.sigterm`)),
      'the web process wrote its SIGTERM marker',
    );
    await copy.commit({ VERSION: 'v2\n' });
    const push = await copy.push();
    assert.equal(push.code, 0, push.stderr);
    assert.match(push.stderr, /Starting web=1 worker=0 console=0 custom=0 with uwsgi/);
    assert.deepEqual(
      (await instances('procs')).filter((i) => i.state !== 'stopped').map((i) => i.process),
      ['web'],
    );
    const page = await stack.get('procs');
    assert.match(page.body, /hello from hop3\/ENV v2/);
  });

  it('stop sends SIGTERM to the web process itself', async () => {
    const web = (await instances('procs')).find((i) => i.process === 'web');
    assert.ok(web?.pid);
    const stopped = await stack.hop3(['stop', 'procs']);
    assert.equal(stopped.code, 0, stopped.stderr);
    assert.ok(
      await waitFor(join(data(), `web-${web.pid}.sigterm`)),
      'the web process wrote its SIGTERM marker',
    );
  });
});
