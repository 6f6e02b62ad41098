// Attacks on static files through a real push: a static directory linked out of the release, symlinks,
// dotfiles and hop3's own files of a `static: .` site, and config files that are symlinks.
import assert from 'node:assert/strict';
import { symlinkSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { exec, startStack, type AppCopy, type Stack } from '../helpers/stack.js';

let stack: Stack;
before(async () => {
  stack = await startStack();
});
after(async () => {
  await stack.stop();
});

/** Commits whatever is in the working copy now (symlinks included). */
async function commitAll(copy: AppCopy): Promise<void> {
  await exec('git', ['add', '-A'], copy.dir);
  await exec('git', ['commit', '-q', '-m', 'change'], copy.dir);
}

describe('static files stay inside the release', () => {
  let copy: AppCopy;

  it('deploys a static site', async () => {
    copy = await stack.app('pub', { Procfile: 'static: public\n' });
    mkdirSync(join(copy.dir, 'public'));
    writeFileSync(join(copy.dir, 'public', 'index.html'), 'pub v1\n');
    await commitAll(copy);
    const push = await copy.push();
    assert.equal(push.code, 0, push.stderr);
    assert.deepEqual(await stack.get('pub'), { status: 200, body: 'pub v1\n' });
  });

  it('refuses "static: public" with public -> / (E_UNSAFE_PATH) and keeps serving the previous release', async () => {
    rmSync(join(copy.dir, 'public'), { recursive: true });
    symlinkSync('/', join(copy.dir, 'public'));
    await commitAll(copy);
    const push = await copy.push();
    assert.notEqual(push.code, 0);
    assert.match(push.stderr, /the static directory "public" resolves outside the release/);
    assert.deepEqual(await stack.get('pub'), { status: 200, body: 'pub v1\n' });
    const passwd = await stack.get('pub', '/etc/passwd');
    assert.equal(passwd.status, 404);
    assert.doesNotMatch(passwd.body, /root:/);
  });

  it('serves no file through a symlink inside the static directory', async () => {
    rmSync(join(copy.dir, 'public'));
    mkdirSync(join(copy.dir, 'public'));
    writeFileSync(join(copy.dir, 'public', 'index.html'), 'pub v3\n');
    symlinkSync('/etc/passwd', join(copy.dir, 'public', 'passwd.txt'));
    symlinkSync('/etc', join(copy.dir, 'public', 'etc'));
    symlinkSync('../../../../../../../../../../etc/hostname', join(copy.dir, 'public', 'up.txt'));
    await commitAll(copy);
    const push = await copy.push();
    assert.equal(push.code, 0, push.stderr);
    assert.deepEqual(await stack.get('pub'), { status: 200, body: 'pub v3\n' });
    for (const path of ['/passwd.txt', '/etc/passwd', '/etc/hostname', '/up.txt']) {
      const reply = await stack.get('pub', path);
      assert.ok([403, 404].includes(reply.status), `${path}: ${reply.status}`);
      assert.doesNotMatch(reply.body, /root:/, path);
    }
  });
});

describe('a "static: ." site serves content only', () => {
  it("answers 404 for dotfiles, hop3's own files and the app's config", async () => {
    const copy = await stack.app('dot', {
      Procfile: 'static: .\n',
      'index.html': 'dot site\n',
      '.env': 'SECRET_KEY=hunter2\n',
      'app.json': '{ "name": "dot" }\n',
      ENV: 'GREETING=hi\n',
      'hop3.toml': '[env]\nA = "1"\n',
    });
    mkdirSync(join(copy.dir, 'css'));
    writeFileSync(join(copy.dir, 'css', 'site.css'), 'body {}\n');
    writeFileSync(join(copy.dir, 'css', '.htaccess'), 'deny\n');
    mkdirSync(join(copy.dir, 'hop3'));
    writeFileSync(join(copy.dir, 'hop3', 'ENV'), 'OTHER_SECRET=hunter3\n');
    await commitAll(copy);
    const push = await copy.push();
    assert.equal(push.code, 0, push.stderr);
    assert.deepEqual(await stack.get('dot'), { status: 200, body: 'dot site\n' });
    assert.deepEqual(await stack.get('dot', '/css/site.css'), { status: 200, body: 'body {}\n' });
    const hidden = [
      '/.env',
      '/.git/config',
      '/css/.htaccess',
      '/BUILD_ARTIFACT.json',
      '/build.log',
      '/Procfile',
      '/app.json',
      '/ENV',
      '/hop3.toml',
      '/hop3/ENV',
      '/%2Eenv',
      '/BUILD_ARTIFACT',
    ];
    for (const path of hidden) {
      const reply = await stack.get('dot', path);
      assert.equal(
        reply.status,
        404,
        `${path} answered ${reply.status}: ${reply.body.slice(0, 80)}`,
      );
      assert.doesNotMatch(reply.body, /hunter2|location|GREETING|static:/, path);
    }
  });
});

describe('config files that are symlinks', () => {
  for (const name of ['Procfile', 'ENV', 'hop3.toml']) {
    it(`refuses a push whose ${name} is a symlink, in one line naming it, printing nothing of its target`, async () => {
      const app = `link-${name.toLowerCase().replace('.', '-')}`;
      const copy = await stack.app(app, {
        'index.html': 'x\n',
        ...(name === 'Procfile' ? {} : { Procfile: 'static: .\n' }),
      });
      symlinkSync('/etc/passwd', join(copy.dir, name));
      await commitAll(copy);
      const push = await copy.push();
      assert.notEqual(push.code, 0);
      assert.match(push.stderr, new RegExp(`${name.replace('.', '\\.')} is a symbolic link`));
      assert.doesNotMatch(push.stderr, /root:|nologin/);
      assert.equal((await stack.get(app)).status, 404);
    });
  }
});
