// An external toolchain plugin, packed and installed by root with `hop3 plugins:install` into the root-owned
// plugins directory, used by a real deploy.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { INSTALL_ROOT } from '../../lib/install-root.js';
import { exec, startStack, type Stack } from '../helpers/stack.js';

let stack: Stack;
const packDir = mkdtempSync(join(tmpdir(), 'hop3-pack-'));
before(async () => {
  stack = await startStack();
});
after(async () => {
  await stack.stop();
  rmSync(packDir, { recursive: true, force: true });
});

describe('an external plugin installed with npm', () => {
  it('is listed by hop3 plugins as external, with its package version', async () => {
    const fixture = join(INSTALL_ROOT, 'test', 'fixtures', 'plugins', 'hop3-toolchain-make');
    const pack = await exec('npm', ['pack', '--silent', '--pack-destination', packDir], fixture);
    assert.equal(pack.code, 0, pack.stderr);
    const install = await stack.hop3(['plugins:install', join(packDir, pack.stdout.trim())]);
    assert.equal(install.code, 0, install.stderr);
    const entry = statSync(
      join(stack.pluginsDir, 'node_modules', 'hop3-toolchain-make', 'index.js'),
    );
    assert.equal(entry.uid, 0);
    assert.equal(entry.mode & 0o022, 0, 'installed files are writable by root only');
    const list = await stack.hop3(['plugins']);
    assert.equal(list.code, 0, list.stderr);
    assert.match(
      list.stdout,
      /^toolchain\s+make\s+external \(node_modules\/hop3-toolchain-make\/index\.js\)\s+1\.2\.0$/m,
    );
    assert.match(list.stdout, /^toolchain\s+node\s+builtin/m);
  });

  it('builds and deploys an app', async () => {
    const app = await stack.app('made', {
      Makefile: 'build:\n\tmkdir -p out && echo "built by make" > out/message.txt\n',
      Procfile: 'web: python3 -u server.py\n',
      'server.py': [
        'import http.server, os',
        'class H(http.server.BaseHTTPRequestHandler):',
        '    def do_GET(self):',
        "        body = open('out/message.txt', 'rb').read()",
        '        self.send_response(200); self.end_headers(); self.wfile.write(body)',
        "http.server.HTTPServer((os.environ['BIND_ADDRESS'], int(os.environ['PORT'])), H).serve_forever()",
        '',
      ].join('\n'),
    });
    const push = await app.push();
    assert.equal(push.code, 0, push.stderr);
    assert.match(push.stderr, /-----> Makefile app detected \(Makefile\)/);
    assert.match((await stack.get('made')).body, /built by make/);
  });

  it("a failing make build stops the push with make's own error line (the SDK toolkit's runStep)", async () => {
    const app = await stack.app('unmade', {
      Makefile: 'build:\n\tfalse\n',
      Procfile: 'web: true\n',
    });
    const push = await app.push();
    assert.notEqual(push.code, 0);
    assert.match(push.stderr, /make build failed: make: \*\*\* \[Makefile:2: build\] Error 1/);
  });

  it('a broken external plugin stops deploys with an error naming its file', async () => {
    const { writeFileSync } = await import('node:fs');
    const file = join(stack.pluginsDir, 'broken.js');
    writeFileSync(file, 'export default 42;\n');
    try {
      const list = await stack.hop3(['plugins']);
      assert.equal(list.code, 9);
      assert.match(
        list.stderr,
        new RegExp(`plugin ${file} does not default-export a define\\*\\(\\) plugin`),
      );
    } finally {
      rmSync(file);
    }
  });

  it('plugins:remove uninstalls it', async () => {
    const removed = await stack.hop3(['plugins:remove', 'hop3-toolchain-make']);
    assert.equal(removed.code, 0, removed.stderr);
    const list = await stack.hop3(['plugins']);
    assert.doesNotMatch(list.stdout, /toolchain\s+make/);
  });
});
