// The sudoers rules setup installs: one fixed command per line, app names as a regex, accepted by visudo.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { TEMPLATES_DIR } from '../../lib/install-root.js';
import { run } from '../../lib/proc/run.js';
import {
  hop3SudoDefaults,
  hop3SudoRules,
  sudoArgs,
  sudoersText,
  sudoRuleLine,
  type SudoRule,
} from '../../lib/setup/sudoers.js';
import { createRenderer } from '../../lib/templates/render.js';
import { DEFAULT_SETTINGS } from '../../lib/settings.js';
import { uwsgiSudoCommands } from '../../plugins/deployers/uwsgi/host.js';

const render = createRenderer(TEMPLATES_DIR);
const dir = mkdtempSync(join(tmpdir(), 'hop3-sudoers-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const lines = (text: string): string[] =>
  text.split('\n').filter((l) => l.length > 0 && !l.startsWith('#'));

async function visudo(text: string): Promise<{ exitCode: number; all: string }> {
  const file = join(dir, `candidate-${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, text, { mode: 0o440 });
  return run('visudo', ['-c', '-f', file], { reject: false });
}

describe('hop3 sudoers rules', () => {
  const rules = hop3SudoRules(
    { hop3Command: '/usr/local/bin/hop3', isolation: 'none' },
    '/home/hop3',
  );

  it('allows only the privileged proxy steps, HOP3_HOME fixed, the app name as a regex; no nginx reload', () => {
    assert.deepEqual(lines(sudoersText(render, { user: 'hop3', rules })), [
      'hop3 ALL=(root) NOPASSWD: /usr/local/bin/hop3 ^priv\\:proxy-install --home /home/hop3 [a-z][a-z0-9-]*$',
      'hop3 ALL=(root) NOPASSWD: /usr/local/bin/hop3 ^priv\\:proxy-remove --home /home/hop3 [a-z][a-z0-9-]*$',
      'hop3 ALL=(root) NOPASSWD: /usr/local/bin/hop3 priv\\:proxy-reload --home /home/hop3',
    ]);
  });

  it("with app users: creates and removes them, wakes the emperor (the uwsgi supervisor's command), runs as any app user; visudo accepts it", async () => {
    const settings = { hop3Command: '/usr/local/bin/hop3', isolation: 'app-users' } as const;
    const text = sudoersText(render, {
      user: 'hop3',
      rules: hop3SudoRules(
        settings,
        '/home/hop3',
        uwsgiSudoCommands({ settings: { ...DEFAULT_SETTINGS, ...settings } }),
      ),
      defaults: hop3SudoDefaults(settings),
    });
    assert.match(text, /^Defaults>%hop3-app !secure_path, umask=0027, !syslog$/m);
    assert.match(
      text,
      /^hop3 ALL=\(root\) NOPASSWD: \/usr\/local\/bin\/hop3 \^priv\\:app-user --home \/home\/hop3 \[a-z\]\[a-z0-9-\]\*\$$/m,
    );
    assert.match(text, /^hop3 ALL=\(root\) NOPASSWD: \/usr\/local\/lib\/hop3\/wake-emperor ""$/m);
    assert.match(text, /^hop3 ALL=\(%hop3-app\) NOPASSWD:SETENV: ALL$/m);
    const check = await visudo(text);
    assert.equal(check.exitCode, 0, check.all);
  });

  it('is accepted by visudo -cf', async () => {
    const check = await visudo(sudoersText(render, { user: 'hop3', rules }));
    assert.equal(check.exitCode, 0, check.all);
  });

  it('renders a run-as group rule with SETENV and Defaults> lines that visudo accepts', async () => {
    const extra: SudoRule = {
      runas: '%hop3-app',
      command: 'ALL',
      args: [],
      tags: ['NOPASSWD', 'SETENV'],
    };
    const text = sudoersText(render, {
      user: 'hop3',
      rules: [...rules, extra],
      defaults: ['%hop3-app !requiretty'],
    });
    assert.match(text, /^Defaults>%hop3-app !requiretty$/m);
    assert.match(text, /^hop3 ALL=\(%hop3-app\) NOPASSWD:SETENV: ALL$/m);
    const check = await visudo(text);
    assert.equal(check.exitCode, 0, check.all);
  });

  it('escapes "." in literals next to a pattern, and a command with no arguments gets ""', () => {
    assert.equal(sudoArgs(['--home', '/srv/hop3.d', '^[a-z]+$']), '^--home /srv/hop3[.]d [a-z]+$');
    assert.equal(sudoArgs(['a:b=c', '^[a-z]+$']), '^a\\:b\\=c [a-z]+$');
    assert.throws(() => sudoArgs(['^[a-z]{0,62}$']), { code: 'E_SETUP' });
    assert.equal(
      sudoRuleLine('hop3', { runas: 'root', command: '/usr/bin/true', args: [] }),
      'hop3 ALL=(root) NOPASSWD: /usr/bin/true ""',
    );
  });

  it('refuses values sudoers would read differently', () => {
    const base: SudoRule = { runas: 'root', command: '/usr/sbin/nginx', args: ['-s', 'reload'] };
    assert.throws(() => sudoRuleLine('hop3', { ...base, command: '/usr/sbin/nginx, ALL' }), {
      code: 'E_SETUP',
    });
    assert.throws(() => sudoRuleLine('hop3', { ...base, command: 'nginx' }), { code: 'E_SETUP' });
    assert.throws(() => sudoRuleLine('hop3', { ...base, args: ['a b'] }), { code: 'E_SETUP' });
    assert.throws(() => sudoRuleLine('hop3', { ...base, args: ['^x#y$'] }), { code: 'E_SETUP' });
    assert.throws(() => sudoRuleLine('hop3', { ...base, runas: 'root) ALL' }), { code: 'E_SETUP' });
    assert.throws(() => sudoRuleLine('hop3', { ...base, tags: ['NOPASSWD: ALL'] }), {
      code: 'E_SETUP',
    });
    assert.throws(
      () => sudoersText(render, { user: 'hop3', rules: [], defaults: ['x\nhop3 ALL=(ALL) ALL'] }),
      { code: 'E_SETUP' },
    );
  });
});
