// The boundaries `npm run check` enforces: each import rule of eslint.config.js fires on a file that breaks
// it (and stays quiet where the import is allowed), and the cycle check finds module and part cycles.
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { findCycles } from '../../scripts/check-cycles.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

// The repository's own config; type-aware rules off, since the snippets are not files of the project.
const eslint = new ESLint({
  cwd: root,
  overrideConfig: { files: ['**/*.ts'], ...tseslint.configs.disableTypeChecked },
});

/** The boundary rules that fire on `code` written at `file`. */
async function fired(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  assert.ok(result);
  return result.messages
    .map((m) => m.ruleId ?? `fatal: ${m.message}`)
    .filter((rule) => rule.startsWith('boundaries/') || rule.startsWith('fatal'));
}

const cases: { rule: string; code: string; breaks: string; allowed: string[] }[] = [
  {
    rule: 'awilix',
    code: "import { createContainer } from 'awilix';",
    breaks: 'lib/cli/context.ts',
    allowed: ['lib/container.ts'],
  },
  {
    rule: 'processes',
    code: "import { spawn } from 'node:child_process';",
    breaks: 'lib/git/x.ts',
    allowed: ['lib/proc/x.ts'],
  },
  {
    rule: 'processes',
    code: "import { execFile } from 'child_process';",
    breaks: 'lib/pipeline/x.ts',
    allowed: ['lib/proc/run.ts'],
  },
  {
    rule: 'processes',
    code: "import { execa } from 'execa';",
    breaks: 'plugins/addons/redis/x.ts',
    allowed: ['lib/proc/spawn-detached.ts'],
  },
  {
    rule: 'processes-dynamic',
    code: "export const run = async () => (await import('node:child_process')).spawn;",
    breaks: 'lib/setup/x.ts',
    allowed: ['lib/proc/x.ts'],
  },
  {
    rule: 'sqlite',
    code: "import Database from 'better-sqlite3';",
    breaks: 'lib/pipeline/x.ts',
    allowed: ['lib/state/x.ts', 'plugins/addons/sqlite/x.ts'],
  },
  {
    rule: 'sqlite',
    code: "import Database from 'better-sqlite3';",
    breaks: 'plugins/addons/postgres/x.ts',
    allowed: [],
  },
  {
    rule: 'nunjucks',
    code: "import nunjucks from 'nunjucks';",
    breaks: 'plugins/proxies/nginx/x.ts',
    allowed: ['lib/templates/x.ts'],
  },
  {
    rule: 'simple-git',
    code: "import { simpleGit } from 'simple-git';",
    breaks: 'lib/client/x.ts',
    allowed: ['lib/proc/git.ts'],
  },
  {
    rule: 'dotenv',
    code: "import { parse } from 'dotenv';",
    breaks: 'lib/client/x.ts',
    allowed: ['lib/domain/envfile.ts'],
  },
  {
    rule: 'ora-dynamic',
    code: "export const o = async () => (await import('ora')).default;",
    breaks: 'lib/setup/x.ts',
    allowed: ['lib/output/progress.ts'],
  },
  {
    rule: 'ora',
    code: "import ora from 'ora';",
    breaks: 'lib/cli/x.ts',
    allowed: ['lib/output/progress.ts'],
  },
  {
    rule: 'plugin-sdk',
    code: "import { createPaths } from '../../../lib/paths.js';",
    breaks: 'plugins/addons/redis/x.ts',
    allowed: [],
  },
  {
    rule: 'plugin-other',
    code: "import { vassalsDir } from '../../deployers/uwsgi/layout.js';",
    breaks: 'plugins/addons/redis/x.ts',
    allowed: [],
  },
  {
    rule: 'plugin-other',
    code: "import { x } from '../python/venv.js';",
    breaks: 'plugins/toolchains/go/x.ts',
    allowed: [],
  },
];

describe('import boundaries (eslint.config.js)', () => {
  for (const c of cases) {
    it(`${c.rule}: fires in ${c.breaks}${c.allowed.length ? `, not in ${c.allowed.join(', ')}` : ''}`, async () => {
      assert.deepEqual(await fired(c.breaks, c.code), [`boundaries/${c.rule}`]);
      for (const file of c.allowed) assert.deepEqual(await fired(file, c.code), [], file);
    });
  }

  it('lets plugins import the SDK and their own files, and the core everything else', async () => {
    const plugin =
      "import { definePlugin } from '../../../lib/sdk.js';\nimport { x } from './layout.js';";
    assert.deepEqual(await fired('plugins/addons/redis/x.ts', plugin), []);
    assert.deepEqual(
      await fired('plugins/toolchains/go/x.ts', "import { x } from '../build-steps.js';"),
      [],
    );
    assert.deepEqual(
      await fired(
        'lib/pipeline/x.ts',
        "import { join } from 'node:path';\nimport { z } from 'zod';",
      ),
      [],
    );
  });
});

describe('cycle check (scripts/check-cycles.ts)', () => {
  it('finds a cycle between two modules and one between two parts', async () => {
    const report = await findCycles(['lib'], join(root, 'test/fixtures/cycles'));
    assert.deepEqual(report.modules, [['lib/a/one.ts', 'lib/a/two.ts', 'lib/a/one.ts']]);
    assert.deepEqual(report.parts, [['lib/b', 'lib/c', 'lib/b']]);
    assert.equal(report.partImports.get('lib/c -> lib/b'), 'lib/c/y.ts imports lib/b/z.ts');
  });

  it('finds none in a tree without cycles', async () => {
    const report = await findCycles(['lib'], join(root, 'test/fixtures/no-cycles'));
    assert.deepEqual([report.modules, report.parts], [[], []]);
  });
});
