import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { INSTALL_ROOT } from '../../lib/install-root.js';

const read = (path: string): string => readFileSync(join(INSTALL_ROOT, path), 'utf8');

describe('docs/addons.md', () => {
  it('shows the tested example addon plugin verbatim', () => {
    assert.ok(
      read('docs/addons.md').includes(
        read('test/fixtures/apps/addon-plugin-files/index.js').trim(),
      ),
    );
  });

  it('documents every built-in type, its variables and every addons command', () => {
    const doc = read('docs/addons.md');
    for (const row of ['| `postgres` |', '| `mysql` |', '| `redis` |', '| `sqlite` |'])
      assert.ok(doc.includes(row), row);
    for (const v of ['PGPASSWORD', 'MYSQL_PASSWORD', 'REDIS_URL', 'DATABASE_PATH'])
      assert.ok(doc.includes(v), v);
    const commands = [
      ...read('lib/cli/commands/addons.ts').matchAll(/name: '(addons[:a-z]*)'/g),
    ].map((m) => m[1] ?? '');
    assert.equal(commands.length, 9);
    for (const c of commands) assert.match(doc, new RegExp(`\\| \`${c}[ \`]`), c);
  });
});
