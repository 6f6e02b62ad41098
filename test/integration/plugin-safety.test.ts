// External plugins are imported by root (setup, boot): a plugin a lower user could have written is refused,
// and $HOP3_HOME/plugins (writable by the hop3 user, so by any app) is not read at all.
import assert from 'node:assert/strict';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, beforeEach, describe, it } from 'node:test';
import { main } from '../../lib/cli/main.js';
import { INSTALL_ROOT } from '../../lib/install-root.js';

const root = mkdtempSync(join(tmpdir(), 'hop3-plugin-safety-'));
after(() => rmSync(root, { recursive: true, force: true }));

const SDK = join(INSTALL_ROOT, 'lib', 'sdk.ts');
/** A toolchain plugin that leaves `marker` behind when it is imported. */
const pluginSource = (marker: string): string =>
  [
    "import { writeFileSync } from 'node:fs';",
    `import { defineToolchain } from ${JSON.stringify(SDK)};`,
    `writeFileSync(${JSON.stringify(marker)}, 'imported');`,
    "export default defineToolchain('planted', () => ({ priority: 1, requires: [], detect: async () => null, build: async () => { throw new Error('no'); } }));",
    '',
  ].join('\n');

async function hop3(
  home: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    env: { HOP3_HOME: home },
    stdout: { write: (c: string) => (stdout += c) },
    stderr: { write: (c: string) => (stderr += c) },
  });
  return { code, stdout, stderr };
}

describe('external plugin safety', () => {
  let home: string;
  let pluginsDir: string;
  let marker: string;
  beforeEach(() => {
    home = mkdtempSync(join(root, 'home-'));
    pluginsDir = mkdtempSync(join(root, 'plugins-'));
    chmodSync(pluginsDir, 0o755);
    marker = join(home, 'imported');
    writeFileSync(join(home, 'settings.json'), JSON.stringify({ domain: 'hop3.test', pluginsDir }));
  });

  it('loads a root-owned plugin that only root can write', async () => {
    const folder = join(pluginsDir, 'ok');
    mkdirSync(folder, { mode: 0o755 });
    writeFileSync(join(folder, 'index.js'), pluginSource(marker).replace("'planted'", "'folder'"), {
      mode: 0o644,
    });
    const list = await hop3(home, ['plugins']);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /^toolchain\s+folder\s+external \(ok\/index\.js\)/m);
    assert.equal(existsSync(marker), true);
  });

  it('refuses a plugin in a group-writable directory, naming the path and the fix', async () => {
    const folder = join(pluginsDir, 'shared');
    mkdirSync(folder);
    chmodSync(folder, 0o775);
    writeFileSync(join(folder, 'index.js'), pluginSource(marker), { mode: 0o644 });
    const list = await hop3(home, ['plugins']);
    assert.equal(list.code, 9);
    assert.match(list.stderr, new RegExp(`plugin path ${folder} is writable by group or others`));
    assert.match(list.stderr, /hint: chown -R root:root .* && chmod -R go-w /);
    assert.equal(existsSync(marker), false, 'the plugin was not imported');
  });

  it('refuses a plugin file owned by another user', async () => {
    const file = join(pluginsDir, 'theirs.js');
    writeFileSync(file, pluginSource(marker), { mode: 0o644 });
    chownSync(file, 65534, 65534);
    const list = await hop3(home, ['plugins']);
    assert.equal(list.code, 9);
    assert.match(list.stderr, new RegExp(`plugin path ${file} is owned by uid 65534, not root`));
    assert.equal(existsSync(marker), false, 'the plugin was not imported');
  });

  it('refuses a plugins directory writable by others', async () => {
    writeFileSync(join(pluginsDir, 'p.js'), pluginSource(marker), { mode: 0o644 });
    chmodSync(pluginsDir, 0o777);
    const list = await hop3(home, ['plugins']);
    assert.equal(list.code, 9);
    assert.match(list.stderr, /E_PLUGIN_UNSAFE|is writable by group or others/);
    assert.equal(existsSync(marker), false);
  });

  it('does not read $HOP3_HOME/plugins at all (the hop3 user, so any app, can write there)', async () => {
    mkdirSync(join(home, 'plugins'));
    writeFileSync(join(home, 'plugins', 'planted.js'), pluginSource(marker), { mode: 0o644 });
    const list = await hop3(home, ['plugins']);
    assert.equal(list.code, 0, list.stderr);
    assert.doesNotMatch(list.stdout, /planted/);
    assert.equal(existsSync(marker), false, 'the planted plugin was never imported');
  });
});
