// The composition root's lazy loading: a cheap command imports no plugin, awilix, nunjucks, execa or zod.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { INSTALL_ROOT } from '../../lib/install-root.js';

const dir = mkdtempSync(join(tmpdir(), 'hop3-lazy-'));
const home = join(dir, 'home');
mkdirSync(home);
writeFileSync(join(home, 'settings.json'), JSON.stringify({ domain: 'hop3.test' }));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Every module URL a CLI run resolves (through a module hook in a child node). */
function loadedBy(args: string[]): string[] {
  const hooks = join(dir, 'hooks.mjs');
  writeFileSync(
    hooks,
    "export async function resolve(s, c, next) { const r = await next(s, c); if (!r.url.startsWith('node:')) process.stderr.write(`LOAD ${r.url}\\n`); return r; }\n",
  );
  const register = `import { register } from 'node:module'; register(${JSON.stringify(pathToFileURL(hooks).href)});`;
  const main = pathToFileURL(join(INSTALL_ROOT, 'lib', 'cli', 'main.ts')).href;
  const script = `const { main } = await import(${JSON.stringify(main)}); await main(${JSON.stringify(args)}, { stdout: { write() {} }, stderr: { write() {} } });`;
  const child = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--import',
      `data:text/javascript,${encodeURIComponent(register)}`,
      '--input-type=module',
      '-e',
      script,
    ],
    {
      env: { ...process.env, HOP3_HOME: home },
      encoding: 'utf8',
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  return child.stderr
    .split('\n')
    .filter((l) => l.startsWith('LOAD '))
    .map((l) => l.slice(5));
}

describe('createRoot', () => {
  it('loads no plugin, awilix, nunjucks, execa or zod for config:get and --version', () => {
    for (const args of [['--version'], ['config:get', 'demo', 'X']]) {
      const loaded = loadedBy(args);
      assert.ok(
        loaded.some((u) => u.includes('/lib/cli/main.ts')),
        `the hook saw the CLI load for ${args.join(' ')}`,
      );
      const heavy = loaded.filter((u) =>
        /\/node_modules\/(awilix|nunjucks|execa|zod)\/|\/plugins\/[a-z]+\/[^/]+\//.test(u),
      );
      assert.deepEqual(heavy, [], `${args.join(' ')} loaded ${heavy.join(', ')}`);
    }
  });
});
