// The addon plugin docs/addons.md shows, installed as an external plugin and run through every command.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { INSTALL_ROOT } from '../../lib/install-root.js';
import { startStack, type Stack } from '../helpers/stack.js';

let stack: Stack;
before(async () => {
  stack = await startStack();
  const installed = await stack.hop3([
    'plugins:install',
    join(INSTALL_ROOT, 'test', 'fixtures', 'apps', 'addon-plugin-files'),
  ]);
  assert.equal(installed.code, 0, installed.stderr);
});
after(async () => {
  await stack.stop();
});

async function ok(args: string[]): Promise<string> {
  const r = await stack.hop3(args);
  assert.equal(r.code, 0, `hop3 ${args.join(' ')}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

describe('the example addon plugin of docs/addons.md', () => {
  it('is listed among the addon types', async () => {
    assert.match(await ok(['addons:types']), /^files\s+ready\s+a private directory per addon/m);
  });

  it('creates, attaches, backs up, restores and destroys', async () => {
    await ok(['apps:create', 'web']);
    assert.match(
      await ok(['addons:create', 'files', 'uploads', '--app', 'web']),
      /Attached uploads to web as FILES_DIR/,
    );
    const dir = join(stack.home, 'addons', 'files', 'uploads');
    writeFileSync(join(dir, 'a.txt'), 'kept');
    const backup = (await ok(['addons:backup', 'uploads'])).trim().split('\n').at(-1) ?? '';
    assert.match(backup, /uploads-\d{8}-\d{6}-\d{3}\.tgz$/);
    writeFileSync(join(dir, 'a.txt'), 'changed');
    const bad = join(stack.home, 'bad.tgz');
    writeFileSync(bad, 'not an archive');
    const refused = await stack.hop3(['addons:restore', 'uploads', bad]);
    assert.equal(refused.code, 2);
    assert.equal(readFileSync(join(dir, 'a.txt'), 'utf8'), 'changed');
    await ok(['addons:restore', 'uploads', backup]);
    assert.equal(readFileSync(join(dir, 'a.txt'), 'utf8'), 'kept');
    await ok(['addons:detach', 'uploads', 'web']);
    await ok(['addons:destroy', 'uploads', '--confirm', 'uploads']);
    assert.ok(!existsSync(dir));
  });
});
