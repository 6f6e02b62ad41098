// Honest failures on a real push: a release that fails at start shows only its own log lines (never the
// previous release's), and a pip download this offline machine cannot make is E_DEPENDENCY_DOWNLOAD.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startStack, type Stack } from '../helpers/stack.js';

let stack: Stack;
before(async () => {
  stack = await startStack();
});
after(async () => {
  await stack.stop();
});

const server = (version: string, crash: boolean): string =>
  [
    'import http.server, os, sys',
    `print('release ${version} starting', flush=True)`,
    crash ? `print('release ${version} gives up', file=sys.stderr, flush=True); sys.exit(1)` : '',
    'class H(http.server.BaseHTTPRequestHandler):',
    '    def do_GET(self):',
    `        self.send_response(200); self.end_headers(); self.wfile.write(b'${version}\\n')`,
    '    def log_message(self, *args): pass',
    "http.server.ThreadingHTTPServer((os.environ['BIND_ADDRESS'], int(os.environ['PORT'])), H).serve_forever()",
    '',
  ].join('\n');

describe('per-release process logs', () => {
  it('a release that fails at start shows none of the previous release’s lines', async () => {
    const copy = await stack.app('relogs', {
      Procfile: 'web: python3 -u server.py\n',
      'server.py': server('one', false),
    });
    assert.equal((await copy.push()).code, 0);
    assert.match((await stack.hop3(['logs', 'relogs'])).stdout, /web\.1 \| release one starting/);
    await copy.commit({ 'server.py': server('two', true) });
    const failed = await copy.push();
    assert.notEqual(failed.code, 0);
    const out = failed.stdout + failed.stderr;
    assert.match(out, /web\.1 exited during startup/);
    assert.match(out, /release two gives up/);
    assert.doesNotMatch(out, /release one/);
    // The live release keeps serving, and `logs` shows its lines, not the failed one's.
    assert.equal((await stack.get('relogs')).body, 'one\n');
    const logs = (await stack.hop3(['logs', 'relogs'])).stdout;
    assert.match(logs, /release one starting/);
    assert.doesNotMatch(logs, /release two/);
  });
});

describe('a dependency download without network', () => {
  it('fails as a download (E_DEPENDENCY_DOWNLOAD) naming PIP_INDEX_URL, not "fix requirements.txt"', async () => {
    const copy = await stack.app('offline', {
      'requirements.txt': 'hop3-not-cached-pkg==1.0\n',
      Procfile: 'web: python3 -u server.py\n',
      'server.py': server('one', false),
    });
    const push = await copy.push();
    assert.notEqual(push.code, 0);
    const out = push.stdout + push.stderr;
    assert.match(out, /could not download dependencies from the Python package index/);
    assert.match(out, /PIP_INDEX_URL/);
    assert.doesNotMatch(out, /fix requirements\.txt/);
  });
});
