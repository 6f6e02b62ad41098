// resolveStatic: a static directory must resolve inside its release; the release root hides hop3's files.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { RELEASE_ROOT_FILES, resolveStatic } from '../../lib/pipeline/static-paths.js';

describe('resolveStatic', () => {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'hop3-static-paths-')));
  after(() => rmSync(base, { recursive: true, force: true }));
  const release = join(base, 'releases', '1');
  mkdirSync(join(release, 'dist'), { recursive: true });
  mkdirSync(join(base, 'releases', '2', 'public'), { recursive: true });
  writeFileSync(join(release, 'file.txt'), 'x');
  symlinkSync('dist', join(release, 'public'));
  symlinkSync('/', join(release, 'root'));
  symlinkSync('../2/public', join(release, 'sibling'));
  symlinkSync('missing', join(release, 'dangling'));

  it("resolves links that stay inside, and hides hop3's files only for the release root", () => {
    assert.deepEqual(resolveStatic(release, [{ url: '/', dir: join(release, 'public') }]), [
      { url: '/', dir: join(release, 'dist'), within: release, hidden: [] },
    ]);
    assert.deepEqual(resolveStatic(release, [{ url: '/', dir: join(release, '.') }])[0]?.hidden, [
      ...RELEASE_ROOT_FILES,
    ]);
  });

  it('refuses a directory that resolves outside the release, a missing one and a file, naming it', () => {
    for (const [name, why] of [
      ['root', /"root" resolves outside the release/],
      ['sibling', /"sibling" resolves outside the release/],
      ['dangling', /"dangling" does not exist/],
      ['file.txt', /"file.txt" is not a directory/],
    ] as const) {
      assert.throws(
        () => resolveStatic(release, [{ url: '/', dir: join(release, name) }]),
        { code: 'E_UNSAFE_PATH', message: why },
        name,
      );
    }
  });
});
