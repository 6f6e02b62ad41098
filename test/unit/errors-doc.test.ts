import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ERROR_CODES } from '../../lib/errors.js';
import { INSTALL_ROOT } from '../../lib/install-root.js';

describe('docs/errors.md', () => {
  it('documents every error code with its exit code, and nothing else', () => {
    const doc = readFileSync(join(INSTALL_ROOT, 'docs', 'errors.md'), 'utf8');
    const rows = new Map(
      [...doc.matchAll(/^\| `(E_[A-Z0-9_]+)` \| (\d+) \|/gm)].map((m) => [m[1], Number(m[2])]),
    );
    assert.deepEqual(Object.fromEntries(rows), { ...ERROR_CODES });
  });
});
