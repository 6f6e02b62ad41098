// The python toolchain's reading of an app: which installer its files call for (and the ambiguous setups
// it refuses), which interpreter PYTHON_VERSION/.python-version picks, and the uv, pipenv and pip command lines.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Hop3Error, RunCommand, RunResult } from '../../lib/sdk.js';
import python, { pythonMarker, venvKey } from '../../plugins/toolchains/python/index.js';
import {
  pipenvStep,
  pipProjectSteps,
  removeBuildLeftovers,
  uvSyncStep,
} from '../../plugins/toolchains/python/installers.js';
import {
  chooseInterpreter,
  installedPythons,
  wantedPython,
} from '../../plugins/toolchains/python/interpreter.js';
import { pythonProject } from '../../plugins/toolchains/python/project.js';
import { compileErrors } from '../../plugins/toolchains/python/venv.js';
import { appConfig, fakeSource, loadToolchain, testBuild } from '../helpers/build-context.js';

const root = mkdtempSync(join(tmpdir(), 'hop3-python-setups-'));
after(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;

function sourceDir(files: Record<string, string>): string {
  const dir = join(root, `src-${++counter}`);
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const PROJECT =
  '[build-system]\nrequires = ["setuptools"]\n\n[project]\nname = "shop"\nversion = "1"\ndependencies = ["flask"]\n';
const PROJECT_NO_DEPS = '[project]\nname = "shop"\nversion = "1"\n';
const TOOLS_ONLY = '[tool.ruff]\nline-length = 100\n';

describe('python markers', () => {
  it('detects requirements.txt, pyproject.toml projects, uv.lock, Pipfile and setup.py, not tool-only pyproject.toml', () => {
    assert.equal(pythonMarker(fakeSource({ 'requirements.txt': '' })), 'requirements.txt');
    assert.equal(pythonMarker(fakeSource({ 'pyproject.toml': PROJECT })), 'pyproject.toml');
    assert.equal(pythonMarker(fakeSource({ 'pyproject.toml': PROJECT, 'uv.lock': '' })), 'uv.lock');
    assert.equal(pythonMarker(fakeSource({ Pipfile: '' })), 'Pipfile');
    assert.equal(pythonMarker(fakeSource({ 'setup.py': '' })), 'setup.py');
    assert.equal(
      pythonMarker(fakeSource({ 'pyproject.toml': TOOLS_ONLY, 'package.json': '{}' })),
      undefined,
    );
    const t = loadToolchain(python, 'python');
    assert.deepEqual(t.detect(fakeSource({ 'pyproject.toml': PROJECT }), appConfig()), {
      reason: 'pyproject.toml',
    });
  });
});

describe('python installers', () => {
  const installer = (files: Record<string, string>): string =>
    pythonProject(sourceDir(files)).installer;
  const refused = (files: Record<string, string>, hint: RegExp): void => {
    assert.throws(
      () => pythonProject(sourceDir(files)),
      (error: Hop3Error) => {
        assert.equal(error.code, 'E_BUILD_FAILED');
        assert.match(error.message, /^ambiguous Python dependencies: /);
        assert.match(error.hint ?? '', hint);
        return true;
      },
    );
  };

  it('picks uv for uv.lock, pipenv for Pipfile, pip -r for requirements.txt, pip install . for a project', () => {
    assert.equal(installer({ 'pyproject.toml': PROJECT, 'uv.lock': '' }), 'uv');
    assert.equal(installer({ Pipfile: '', 'Pipfile.lock': '{}' }), 'pipenv');
    assert.equal(installer({ 'requirements.txt': 'flask\n' }), 'requirements');
    assert.equal(installer({ 'pyproject.toml': PROJECT }), 'project');
    assert.equal(installer({ 'setup.py': '' }), 'project');
    assert.equal(installer({ 'requirements.txt': '# none\n' }), 'none');
  });

  it('installs requirements.txt when pyproject.toml lists no dependencies, and a project when requirements.txt lists none', () => {
    assert.equal(
      installer({ 'requirements.txt': 'flask\n', 'pyproject.toml': PROJECT_NO_DEPS }),
      'requirements',
    );
    assert.equal(
      installer({ 'requirements.txt': 'flask\n', 'pyproject.toml': TOOLS_ONLY }),
      'requirements',
    );
    assert.equal(
      installer({ 'requirements.txt': '# see pyproject.toml\n', 'pyproject.toml': PROJECT }),
      'project',
    );
  });

  it('refuses setups where two files declare the dependencies, saying what to remove', () => {
    refused(
      { 'requirements.txt': 'flask\n', 'pyproject.toml': PROJECT },
      /remove requirements\.txt .* or remove the dependencies from pyproject\.toml/,
    );
    refused(
      { 'requirements.txt': 'flask\n', Pipfile: '', 'Pipfile.lock': '{}' },
      /remove requirements\.txt .*or remove Pipfile/,
    );
    refused(
      { 'pyproject.toml': PROJECT, 'uv.lock': '', 'requirements.txt': 'x\n' },
      /remove requirements\.txt \(uv installs from uv\.lock\)/,
    );
    refused({ 'uv.lock': '' }, /commit the pyproject\.toml/);
    refused(
      { Pipfile: '', 'Pipfile.lock': '{}', 'pyproject.toml': PROJECT },
      /remove the dependencies from pyproject\.toml/,
    );
  });

  it('wants a Pipfile.lock and a valid pyproject.toml', () => {
    assert.throws(() => pythonProject(sourceDir({ Pipfile: '' })), {
      code: 'E_BUILD_FAILED',
      hint: /pipenv lock/,
    });
    assert.throws(() => pythonProject(sourceDir({ 'pyproject.toml': '[project\n' })), {
      code: 'E_BUILD_FAILED',
      message: /pyproject\.toml is not valid TOML/,
    });
  });

  it("keys the virtualenv by the installer's files (same key as before for requirements.txt)", () => {
    const dir = sourceDir({ 'pyproject.toml': PROJECT, 'uv.lock': 'a' });
    const { ctx } = testBuild({
      home: root,
      app: 'k',
      release: 1,
      dir,
      toolchain: loadToolchain(python, 'python'),
      config: appConfig(),
    });
    const uv = pythonProject(dir);
    const key = venvKey(ctx, 'Python 3.11.2', uv);
    writeFileSync(join(dir, 'uv.lock'), 'b');
    assert.notEqual(venvKey(ctx, 'Python 3.11.2', uv), key);
    assert.equal(
      venvKey(ctx, 'Python 3.11.2', { installer: 'requirements', keyFiles: ['requirements.txt'] }),
      venvKey(ctx, 'Python 3.11.2'),
    );
  });
});

describe('python command lines', () => {
  it('pip install . then removes the project itself from the shared virtualenv', () => {
    const steps = pipProjectSteps('/v', { A: '1' }, 'shop');
    assert.deepEqual(
      steps.map((s) => s.cmd),
      [
        ['/v/bin/pip', 'install', '--disable-pip-version-check', '--no-input', '.'],
        ['/v/bin/pip', 'uninstall', '--disable-pip-version-check', '-y', 'shop'],
      ],
    );
    assert.equal(pipProjectSteps('/v', {}).length, 1);
  });

  it('uv sync of exactly uv.lock, no dev dependencies, not the project, into the cached virtualenv', () => {
    const step = uvSyncStep('/usr/bin/uv', '/v', '/usr/bin/python3.11', { PATH: '/bin' });
    assert.deepEqual(step.cmd, [
      '/usr/bin/uv',
      'sync',
      '--frozen',
      '--no-dev',
      '--no-install-project',
      '--python',
      '/usr/bin/python3.11',
    ]);
    assert.equal(step.env?.UV_PROJECT_ENVIRONMENT, '/v');
  });

  it('removes what building the project left in the release, nothing that was there before', () => {
    const dir = sourceDir({ 'server.py': '', 'old.egg-info': '' });
    const before = new Set(readdirSync(dir));
    mkdirSync(join(dir, 'build', 'lib'), { recursive: true });
    mkdirSync(join(dir, 'shop.egg-info'));
    removeBuildLeftovers(dir, before);
    assert.deepEqual(readdirSync(dir).sort(), ['old.egg-info', 'server.py']);
  });

  it('reads compile errors as file:line: Error: message', () => {
    const out =
      '*** Error compiling \'./app/server.py\'...\n  File "./app/server.py", line 3\n    def main(:\n             ^\nSyntaxError: invalid syntax\n';
    assert.deepEqual(compileErrors(out), ['app/server.py:3: SyntaxError: invalid syntax']);
  });

  it('pipenv install --deploy into the active virtualenv, quietly', () => {
    const step = pipenvStep('/usr/bin/pipenv', '/v', {});
    assert.deepEqual(step.cmd, ['/usr/bin/pipenv', 'install', '--deploy']);
    assert.equal(step.env?.VIRTUAL_ENV, '/v');
    assert.equal(step.env.PIPENV_VERBOSITY, '-1');
  });
});

describe('python interpreter', () => {
  const bin = join(root, 'bin');
  mkdirSync(bin, { recursive: true });
  for (const name of ['python3.11', 'python3.9', 'python3.11-config', 'python3']) {
    writeFileSync(join(bin, name), '#!/bin/sh\n');
    chmodSync(join(bin, name), 0o755);
  }
  writeFileSync(join(bin, 'python3.12'), 'not executable');

  it('reads PYTHON_VERSION first, then .python-version', () => {
    const dir = sourceDir({ '.python-version': '# pinned\n3.12.1\n' });
    assert.deepEqual(wantedPython({}, dir), {
      minor: '3.12',
      text: '3.12.1',
      source: '.python-version',
    });
    assert.deepEqual(wantedPython({ PYTHON_VERSION: 'python3.11' }, dir), {
      minor: '3.11',
      text: 'python3.11',
      source: 'PYTHON_VERSION',
    });
    assert.equal(wantedPython({}, sourceDir({})), undefined);
    assert.throws(() => wantedPython({ PYTHON_VERSION: 'latest' }, dir), {
      code: 'E_BUILD_FAILED',
      message: /PYTHON_VERSION says "latest"/,
    });
  });

  it('finds the python3.N executables on the PATH, newest first', () => {
    assert.deepEqual(installedPythons(`${bin}:/nonexistent`), [
      { minor: '3.11', binary: join(bin, 'python3.11') },
      { minor: '3.9', binary: join(bin, 'python3.9') },
    ]);
  });

  it('picks the asked version, python3 when none is asked, and names what is installed when it is missing', () => {
    const installed = installedPythons(bin);
    assert.equal(chooseInterpreter(undefined, installed), 'python3');
    assert.equal(
      chooseInterpreter({ minor: '3.9', text: '3.9', source: '.python-version' }, installed),
      join(bin, 'python3.9'),
    );
    assert.throws(
      () =>
        chooseInterpreter({ minor: '3.12', text: '3.12.1', source: '.python-version' }, installed),
      (error: Hop3Error) => {
        assert.equal(error.code, 'E_BINARY_MISSING');
        assert.equal(
          error.message,
          `Python 3.12 is asked for (.python-version: 3.12.1) but not installed; installed: 3.11 (${join(bin, 'python3.11')}), 3.9 (${join(bin, 'python3.9')})`,
        );
        assert.match(
          error.hint ?? '',
          /install python3\.12 on the server, or ask for an installed version in \.python-version \(e\.g\. 3\.11\)/,
        );
        return true;
      },
    );
  });
});

describe('python build with uv or pipenv missing', () => {
  const ok = (stdout = ''): RunResult => ({
    exitCode: 0,
    stdout,
    stderr: '',
    all: stdout,
    durationMs: 1,
  });
  const run: RunCommand = (_file, args) =>
    Promise.resolve(ok(args[0] === '--version' ? 'Python 3.11.2\n' : ''));

  for (const [files, binary, hint] of [
    [
      { 'pyproject.toml': PROJECT, 'uv.lock': '' },
      'uv',
      /pipx install uv.*uv export --no-dev > requirements\.txt/,
    ],
    [{ Pipfile: '', 'Pipfile.lock': '{}' }, 'pipenv', /apt-get install -y pipenv/],
  ] as const) {
    it(`says ${binary} is needed, and how to get it or do without`, async () => {
      const dir = sourceDir(files);
      const toolchain = loadToolchain(python, 'python');
      const env = { HOME: root, PATH: join(root, 'empty-bin'), LANG: 'C.UTF-8' };
      const { ctx } = testBuild({
        home: root,
        app: `missing-${binary}`,
        release: 1,
        dir,
        toolchain,
        config: appConfig(),
        run,
        env,
      });
      await assert.rejects(toolchain.build(ctx), (error: Hop3Error) => {
        assert.equal(error.code, 'E_BINARY_MISSING');
        assert.match(error.message, new RegExp(`"${binary}" is not installed`));
        assert.match(error.hint ?? '', hint);
        return true;
      });
    });
  }
});
