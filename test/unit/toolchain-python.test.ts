// The python toolchain: requirement parsing, cache keys, and its build paths (with a fake runner).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Hop3Error, type RunCommand, type RunResult } from '../../lib/sdk.js';
import python, { COMPLETE_MARKER, venvKey } from '../../plugins/toolchains/python/index.js';
import { hasRequirements } from '../../plugins/toolchains/python/venv.js';
import { appConfig, loadToolchain, testBuild } from '../helpers/build-context.js';

const root = mkdtempSync(join(tmpdir(), 'hop3-python-unit-'));
after(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;

const ok = (stdout = ''): RunResult => ({
  exitCode: 0,
  stdout,
  stderr: '',
  all: stdout,
  durationMs: 1,
});

/** A runner answering `python3 --version`; `venv` and `pip` calls go to `onTool`. */
function fakeRun(
  onTool: (file: string, args: readonly string[]) => Promise<RunResult> = () =>
    Promise.resolve(ok()),
): RunCommand {
  return (file, args) =>
    args[0] === '--version' ? Promise.resolve(ok('Python 3.11.99\n')) : onTool(file, args);
}

function build(requirements: string, run: RunCommand, app = `app${++counter}`) {
  const dir = join(root, `src-${++counter}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'requirements.txt'), requirements);
  const toolchain = loadToolchain(python, 'python');
  const test = testBuild({
    home: root,
    app,
    release: 1,
    dir,
    toolchain,
    config: appConfig('wsgi: app:application\n'),
    run,
  });
  return { dir, ...test, build: () => toolchain.build(test.ctx) };
}

describe('requirements.txt', () => {
  it('tells requirement lines from comments and blank lines', () => {
    assert.equal(hasRequirements('# stdlib only\n\n   # still nothing\n'), false);
    assert.equal(hasRequirements(''), false);
    assert.equal(hasRequirements('flask==3.0 # web\n'), true);
    assert.equal(hasRequirements('# x\n-r base.txt\n'), true);
  });
});

describe('python build', () => {
  it('keys the virtualenv by requirements.txt and the Python version', () => {
    const b = build('flask\n', fakeRun());
    const key = venvKey(b.ctx, 'Python 3.11.2');
    assert.equal(venvKey(b.ctx, 'Python 3.11.2'), key);
    assert.notEqual(venvKey(b.ctx, 'Python 3.12.0'), key);
    writeFileSync(join(b.dir, 'requirements.txt'), 'flask\nrequests\n');
    assert.notEqual(venvKey(b.ctx, 'Python 3.11.2'), key);
  });

  it('creates a venv, runs pip when there are requirements, and describes the runtime', async () => {
    const tools: string[] = [];
    const b = build(
      'flask\n',
      fakeRun((file, args) => {
        tools.push([file.split('/').pop(), ...args].join(' '));
        return Promise.resolve(ok());
      }),
    );
    const artifact = await b.build();
    assert.deepEqual(tools, [
      'python3 -m venv ' + String(artifact.runtime.virtualenv),
      'pip install --disable-pip-version-check --no-input -r requirements.txt',
      `python -m compileall -q -j 0 -x ${String.raw`(^|/)(\.[^./][^/]*|node_modules)/`} .`,
    ]);
    const venv = artifact.runtime.virtualenv ?? '';
    assert.ok(venv.startsWith(join(b.ctx.cacheDir)) && venv.endsWith('/venv'));
    assert.equal(artifact.kind, 'python');
    assert.deepEqual(artifact.runtime.env, {
      VIRTUAL_ENV: venv,
      PYTHONUNBUFFERED: '1',
      PYTHONIOENCODING: 'UTF-8',
    });
    assert.deepEqual(artifact.runtime.path, [join(venv, 'bin')]);
    assert.ok(existsSync(join(venv, '..', COMPLETE_MARKER)));
  });

  it('skips pip for a comment-only requirements.txt and reuses the venv on the next build', async () => {
    const app = 'reuse';
    const tools: string[] = [];
    const record = fakeRun((file, args) => {
      tools.push([file.split('/').pop(), ...args].join(' '));
      return Promise.resolve(ok());
    });
    await build('# nothing\n', record, app).build();
    assert.deepEqual(
      tools.map((t) => t.split(' ').slice(0, 3).join(' ')),
      ['python3 -m venv', 'python -m compileall'],
    );
    const second = build('# nothing\n', record, app);
    await second.build();
    assert.equal(tools.length, 3, 'the reused venv only compiles the sources');
    assert.match(second.output(), /Reusing virtualenv \(cache key [0-9a-f]{16}\)/);
  });

  it('removes the half-built entry when pip fails, keeping pip words', async () => {
    const b = build(
      'nosuchpkg\n',
      fakeRun((file) =>
        file.endsWith('/pip')
          ? Promise.reject(
              new Hop3Error('E_COMMAND_FAILED', `${file} exited with code 1`, {
                details: 'ERROR: No matching distribution found for nosuchpkg',
              }),
            )
          : Promise.resolve(ok()),
      ),
    );
    await assert.rejects(b.build(), (error: Hop3Error) => {
      assert.equal(error.code, 'E_BUILD_FAILED');
      assert.equal(error.message, 'pip install -r requirements.txt failed (exited with code 1)');
      assert.match(error.details ?? '', /No matching distribution/);
      return true;
    });
    assert.deepEqual(readdirSync(b.ctx.cacheDir), []);
  });

  it('points at python3-venv when ensurepip is missing', async () => {
    const b = build(
      '',
      fakeRun(() =>
        Promise.reject(
          new Hop3Error('E_COMMAND_FAILED', 'python3 exited with code 1', {
            details:
              'The virtual environment was not created successfully because ensurepip is not available.',
          }),
        ),
      ),
    );
    await assert.rejects(b.build(), {
      code: 'E_BUILD_FAILED',
      hint: /apt-get install -y python3-venv/,
    });
  });
});
