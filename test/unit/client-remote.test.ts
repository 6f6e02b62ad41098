import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appSlot, insertApp } from '../../lib/cli/client/app-arg.js';
import { expandEnvFile } from '../../lib/cli/client/env-file.js';
import { formatRemoteUrl, parseRemoteUrl } from '../../lib/cli/client/remote-url.js';
import { findCommand } from '../../lib/cli/commands/index.js';
import type { CommandSpec } from '../../lib/cli/spec.js';
import { isHop3Error } from '../../lib/errors.js';

const spec = (name: string): CommandSpec => {
  const found = findCommand(name);
  assert.ok(found, name);
  return found;
};

const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return isHop3Error(error) ? error.code : 'not a Hop3Error';
  }
  return undefined;
};

describe('parseRemoteUrl', () => {
  it('reads scp-like remotes', () => {
    assert.deepEqual(parseRemoteUrl('hop3@example.com:myapp'), {
      user: 'hop3',
      host: 'example.com',
      port: undefined,
      app: 'myapp',
    });
    assert.deepEqual(parseRemoteUrl('hop3@10.0.0.1:/myapp.git'), {
      user: 'hop3',
      host: '10.0.0.1',
      port: undefined,
      app: 'myapp',
    });
    assert.deepEqual(parseRemoteUrl('myserver:my-app'), {
      user: undefined,
      host: 'myserver',
      port: undefined,
      app: 'my-app',
    });
    assert.deepEqual(parseRemoteUrl('hop3@[::1]:app'), {
      user: 'hop3',
      host: '::1',
      port: undefined,
      app: 'app',
    });
  });

  it('reads ssh:// remotes with a port', () => {
    assert.deepEqual(parseRemoteUrl('ssh://hop3@example.com:2222/myapp'), {
      user: 'hop3',
      host: 'example.com',
      port: 2222,
      app: 'myapp',
    });
    assert.deepEqual(parseRemoteUrl('ssh://hop3@[::1]:22/myapp.git'), {
      user: 'hop3',
      host: '::1',
      port: 22,
      app: 'myapp',
    });
    assert.deepEqual(parseRemoteUrl('ssh://example.com/myapp'), {
      user: undefined,
      host: 'example.com',
      port: undefined,
      app: 'myapp',
    });
  });

  it('refuses what is not one app on an ssh server, and anything that could become an ssh option', () => {
    for (const url of [
      'https://example.com/myapp.git',
      'git://example.com/myapp',
      'hop3@-oProxyCommand=id:app',
      'ssh://-oProxyCommand=id/app',
      '-oProxyCommand=id:app',
      'hop3@example.com:group/app',
      'hop3@example.com:My_App',
      'hop3@example.com:',
      'ssh://hop3@example.com:99999/app',
      'hop3 x@example.com:app',
      '/srv/git/app.git',
    ]) {
      assert.equal(
        code(() => parseRemoteUrl(url)),
        'E_REMOTE_URL',
        url,
      );
    }
  });

  it('formats the remote git:remote writes', () => {
    assert.equal(formatRemoteUrl('example.com', 'myapp'), 'hop3@example.com:myapp');
    assert.equal(formatRemoteUrl('deploy@example.com', 'myapp'), 'deploy@example.com:myapp');
    assert.equal(formatRemoteUrl('::1', 'myapp'), 'hop3@[::1]:myapp');
    assert.equal(
      code(() => formatRemoteUrl('-oX', 'myapp')),
      'E_REMOTE_URL',
    );
  });
});

describe('appSlot and insertApp', () => {
  it('reads the app position from the usage line', () => {
    assert.deepEqual(appSlot(spec('config:set')), { kind: 'positional', index: 0 });
    assert.deepEqual(appSlot(spec('addons:attach')), { kind: 'positional', index: 1 });
    assert.deepEqual(appSlot(spec('apps:destroy')), { kind: 'positional', index: 0 });
    assert.deepEqual(appSlot(spec('addons:create')), { kind: 'option' });
    assert.deepEqual(appSlot(spec('apps')), { kind: 'none' });
    assert.deepEqual(appSlot(spec('tokens:create')), { kind: 'none' });
    assert.deepEqual(appSlot({ usage: 'APP -- CMD ARGS...', options: {} }), {
      kind: 'positional',
      index: 0,
    });
  });

  it('inserts the app where the server expects it, skipping options and their values', () => {
    assert.deepEqual(insertApp(spec('config:set'), ['K=V', '--no-restart'], 'app'), [
      'app',
      'K=V',
      '--no-restart',
    ]);
    assert.deepEqual(insertApp(spec('config:set'), ['--no-restart', 'K=V'], 'app'), [
      '--no-restart',
      'app',
      'K=V',
    ]);
    assert.deepEqual(insertApp(spec('logs'), ['-n', '5', '-t'], 'app'), ['-n', '5', '-t', 'app']);
    assert.deepEqual(insertApp(spec('logs'), ['-p', 'web'], 'app'), ['-p', 'web', 'app']);
    assert.deepEqual(insertApp(spec('addons:attach'), ['db', '--no-restart'], 'app'), [
      'db',
      '--no-restart',
      'app',
    ]);
    assert.deepEqual(insertApp(spec('apps:destroy'), ['--confirm', 'app'], 'app'), [
      '--confirm',
      'app',
      'app',
    ]);
    assert.deepEqual(insertApp(spec('addons:create'), ['postgres', 'db'], 'app'), [
      '--app',
      'app',
      'postgres',
      'db',
    ]);
    assert.deepEqual(insertApp(spec('apps'), [], 'app'), []);
    assert.deepEqual(
      insertApp({ usage: 'APP -- CMD ARGS...', options: {} }, ['--', 'ls', '-la'], 'app'),
      ['app', '--', 'ls', '-la'],
    );
  });
});

describe('expandEnvFile', () => {
  const files: Record<string, string> = {
    '.env': 'A=1\n# comment\nB="x y"\nexport C=\'$HOME\'\n',
    'empty.env': '# nothing\n',
    'bad.env': '1BAD=x\n',
  };
  const read = (path: string): string => {
    const text = files[path];
    if (text === undefined) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
    return text;
  };

  it('turns the file into KEY=VALUE arguments, literally', () => {
    assert.deepEqual(expandEnvFile(['config:set', '--env-file', '.env', '--no-restart'], read), [
      'config:set',
      'A=1',
      'B=x y',
      'C=$HOME',
      '--no-restart',
    ]);
    assert.deepEqual(expandEnvFile(['config:set', '--env-file=.env', 'D=4'], read), [
      'config:set',
      'A=1',
      'B=x y',
      'C=$HOME',
      'D=4',
    ]);
  });

  it('leaves other commands alone', () => {
    assert.deepEqual(expandEnvFile(['config', '--env-file', '.env'], read), [
      'config',
      '--env-file',
      '.env',
    ]);
  });

  it('fails on a missing, empty or invalid file without showing values', () => {
    assert.equal(
      code(() => expandEnvFile(['config:set', '--env-file', 'nope'], read)),
      'E_ENV_FILE',
    );
    assert.equal(
      code(() => expandEnvFile(['config:set', '--env-file', 'empty.env'], read)),
      'E_ENV_FILE',
    );
    assert.equal(
      code(() => expandEnvFile(['config:set', '--env-file'], read)),
      'E_USAGE',
    );
    assert.equal(
      code(() => expandEnvFile(['config:set', '--env-file', 'bad.env'], read)),
      'E_INVALID_KEY',
    );
  });
});
