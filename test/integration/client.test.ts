// The client in a real git checkout, with a stand-in `ssh` that records its arguments: what is sent, how.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { shellQuote, splitShellWords } from '../../lib/domain/shell-words.js';

const MAIN = resolve(import.meta.dirname, '..', '..', 'lib', 'cli', 'main.ts');
const root = mkdtempSync(join(tmpdir(), 'hop3-client-'));
const checkout = join(root, 'app');
const runtime = join(root, 'run');
const fakeDir = join(root, 'fake bin');
const fakeSsh = join(fakeDir, 'ssh');
const record = join(root, 'argv.json');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((done) => {
    execFile(
      file,
      args,
      { cwd, env: { PATH: process.env.PATH, HOME: root, ...env } },
      (error, stdout, stderr) => {
        done({
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          stdout,
          stderr,
        });
      },
    );
  });
}

const git = (args: string[], cwd = checkout): Promise<Run> => run('git', args, cwd);

/** Runs the CLI's main() from the sources in `cwd`, with ssh being the stand-in. */
function hop3(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<Run> {
  const code = `const { main } = await import(${JSON.stringify(MAIN)}); process.exitCode = await main(process.argv.slice(1));`;
  return run(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), '--input-type=module', '-e', code, '--', ...args],
    options.cwd ?? checkout,
    {
      HOP3_CLIENT: 'remote',
      XDG_RUNTIME_DIR: runtime,
      GIT_SSH_COMMAND: `${shellQuote(fakeSsh)} -i key`,
      ...options.env,
    },
  );
}

const sent = (): string[] => JSON.parse(readFileSync(record, 'utf8')) as string[];

before(async () => {
  mkdirSync(fakeDir);
  mkdirSync(runtime, { mode: 0o700 });
  // Records argv, answers on stdout and stderr, exits with FAKE_EXIT (like ssh passing the server's code).
  writeFileSync(
    fakeSsh,
    `#!/usr/bin/env node\nrequire('fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify(process.argv.slice(2)));\nprocess.stdout.write('out\\n');\nprocess.stderr.write('err\\n');\nprocess.exitCode = Number(process.env.FAKE_EXIT ?? 0);\n`,
  );
  chmodSync(fakeSsh, 0o755);
  writeFileSync(join(root, 'package.json'), '{"type":"commonjs"}');
  mkdirSync(join(checkout, 'src'), { recursive: true });
  assert.equal((await git(['init', '-q'])).code, 0);
  assert.equal(
    (await git(['remote', 'add', 'hop3', 'ssh://hop3@example.test:2222/myapp'])).code,
    0,
  );
});

after(() => rmSync(root, { recursive: true, force: true }));

describe('the client sends commands to the hop3 remote', () => {
  it('runs ssh as git would, sharing the connection, with the app in place', async () => {
    const r = await hop3(['config:set', 'K=a b', 'X=$(id)', '--no-restart'], {
      env: { FAKE_EXIT: '5' },
    });
    assert.equal(r.code, 5);
    assert.equal(r.stdout, 'out\n');
    assert.equal(r.stderr, 'err\n');
    const argv = sent();
    assert.deepEqual(argv.slice(0, -1), [
      '-i',
      'key',
      '-o',
      'ControlMaster=auto',
      '-o',
      `ControlPath=${join(runtime, 'hop3-ssh', '%C')}`,
      '-o',
      'ControlPersist=60',
      '-p',
      '2222',
      '--',
      'hop3@example.test',
    ]);
    assert.deepEqual(splitShellWords(argv.at(-1) ?? ''), [
      'config:set',
      'myapp',
      'K=a b',
      'X=$(id)',
      '--no-restart',
    ]);
    assert.equal(statSync(join(runtime, 'hop3-ssh')).mode & 0o777, 0o700);
  });

  it('works from a subdirectory; -a names another app, -r another remote', async () => {
    assert.equal(
      (await git(['remote', 'add', 'prod', 'hop3@prod.example.test:myapp-prod'])).code,
      0,
    );
    assert.equal((await hop3(['ps'], { cwd: join(checkout, 'src') })).code, 0);
    assert.equal(sent().at(-1), 'ps myapp');
    const attach = await hop3(['-a', 'other', 'addons:attach', 'db']);
    assert.equal(attach.code, 0, attach.stderr);
    assert.equal(sent().at(-1), 'addons:attach db other');
    assert.equal((await hop3(['logs', '-n', '5', '-r', 'prod'])).code, 0);
    assert.deepEqual(
      sent().slice(-2),
      ['prod.example.test', 'logs -n 5 myapp-prod'].map((w, i) => (i === 0 ? `hop3@${w}` : w)),
    );
  });

  it('uses core.sshCommand when GIT_SSH_COMMAND is not set', async () => {
    assert.equal(
      (await git(['config', 'core.sshCommand', `${shellQuote(fakeSsh)} -F cfg`])).code,
      0,
    );
    assert.equal((await hop3(['ps'], { env: { GIT_SSH_COMMAND: '' } })).code, 0);
    assert.deepEqual(sent().slice(0, 2), ['-F', 'cfg']);
    assert.equal((await git(['config', '--unset', 'core.sshCommand'])).code, 0);
  });

  it('sends config:set --env-file as assignments', async () => {
    writeFileSync(join(checkout, '.env'), 'A=1\nB="two words"\n');
    assert.equal((await hop3(['config:set', '--env-file', '.env'])).code, 0);
    assert.deepEqual(splitShellWords(sent().at(-1) ?? ''), [
      'config:set',
      'myapp',
      'A=1',
      'B=two words',
    ]);
  });

  it('git:remote repoints the remote, keeping the server', async () => {
    const r = await hop3(['git:remote', 'second']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      (await git(['remote', 'get-url', 'hop3'])).stdout.trim(),
      'ssh://hop3@example.test:2222/second',
    );
    await git(['remote', 'set-url', 'hop3', 'ssh://hop3@example.test:2222/myapp']);
  });
});

describe('the client refuses or stays local', () => {
  it('a checkout without the remote: one line with the fix, nothing sent', async () => {
    const other = join(root, 'plain');
    mkdirSync(other);
    await git(['init', '-q'], other);
    rmSync(record, { force: true });
    const r = await hop3(['config'], { cwd: other });
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr,
      ` !     no git remote named "hop3" in ${other}: add it with hop3 git:remote APP HOST\n`,
    );
    assert.throws(() => readFileSync(record));
  });

  it('a remote URL that is not ssh is refused before ssh runs', async () => {
    await git(['remote', 'add', 'web', 'https://example.test/app.git']);
    const r = await hop3(['ps', '-r', 'web']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /is an HTTP remote/);
  });

  it('with HOP3_HOME set (on the server) the local CLI runs, even in a checkout', async () => {
    const home = join(root, 'home');
    mkdirSync(home);
    writeFileSync(join(home, 'settings.json'), '{"domain":"hop3.test"}');
    rmSync(record, { force: true });
    const r = await hop3(['config', 'nosuchapp'], { env: { HOP3_CLIENT: '', HOP3_HOME: home } });
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /nosuchapp/);
    assert.throws(() => readFileSync(record), 'ssh must not run');
  });
});
