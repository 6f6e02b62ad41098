import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { INSTALL_ROOT } from '../../lib/install-root.js';
import { SDK_VERSION } from '../../lib/sdk.js';

const read = (path: string): string => readFileSync(join(INSTALL_ROOT, path), 'utf8');

describe('docs/plugins.md', () => {
  it('shows the tested example plugin verbatim and the current SDK version', () => {
    const doc = read('docs/plugins.md');
    assert.ok(
      doc.includes(read('test/fixtures/plugins/hop3-toolchain-make/index.js').trim()),
      'index.js',
    );
    assert.ok(
      doc.includes(read('test/fixtures/plugins/hop3-toolchain-make/package.json').trim()),
      'package.json',
    );
    assert.ok(doc.includes(`The SDK version is ${SDK_VERSION};`));
  });
});
