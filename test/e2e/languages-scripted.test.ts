// Ruby, PHP, a pyproject.toml Python app and a pnpm Node app pushed over real ssh and served through nginx;
// for each, a broken commit is refused with the tool's own message while the previous release keeps
// answering; an unchanged redeploy of the Node and Python apps reuses their dependency cache.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  appName,
  destroy,
  get,
  hostOf,
  requireE2eEnvironment,
  ssh,
  workingCopy,
  type WorkingCopy,
} from './helpers.js';

before(requireE2eEnvironment);

/** One language's sample, its broken commit and what the push must print. */
interface Language {
  fixture: string;
  /** What the build says about the toolchain it picked. */
  detected: RegExp;
  /** Files of a commit that does not compile. */
  broken: Record<string, string>;
  /** The tool's own words about that commit. */
  brokenMessage: RegExp;
  /** What a redeploy with unchanged dependencies prints. */
  reused?: RegExp;
  /** Config vars set before the first push. */
  config?: string[];
}

// This machine's local package index (MACHINE.md): pip install . fetches the build backend from it.
const LOCAL_INDEX = '/opt/pypi/simple';

const languages: Language[] = [
  {
    fixture: 'ruby-rack',
    detected: /Ruby app detected \(Gemfile\)/,
    broken: { 'app.rb': 'class App\n  def call(env)\n    [200, {}, ["x"]\n  end\nend\n' },
    brokenMessage: /app\.rb:\d+: syntax error/,
    reused: /Reusing gems \(cache key [0-9a-f]{16}\)/,
  },
  {
    fixture: 'php-app',
    detected: /PHP app detected \(composer\.json\)/,
    broken: {
      'src/Greeting.php':
        '<?php\nnamespace App;\nfinal class Greeting {\n    public static function text(): string { return "x" }\n}\n',
    },
    brokenMessage: /PHP Parse error: syntax error, unexpected token "\}"/,
    reused: /Reusing vendor\/ \(cache key [0-9a-f]{16}\)/,
  },
  {
    fixture: 'python-pyproject',
    detected: /Python app detected \(pyproject\.toml\)/,
    broken: { 'server.py': 'def main(:\n    pass\n' },
    brokenMessage: /SyntaxError: invalid syntax/,
    reused: /Reusing virtualenv \(cache key [0-9a-f]{16}\): pyproject\.toml unchanged/,
    config: existsSync(LOCAL_INDEX) ? [`PIP_INDEX_URL=file://${LOCAL_INDEX}`] : [],
  },
  {
    fixture: 'node-pnpm',
    detected: /Node\.js app detected \(package\.json\)/,
    broken: { 'src/server.js': 'const server = ;\n' },
    brokenMessage: /SyntaxError: Unexpected token ';'/,
    reused: /Reusing node_modules \(cache key [0-9a-f]{16}\): pnpm-lock\.yaml unchanged/,
  },
];

for (const lang of languages) {
  describe(`${lang.fixture}: pushed, served, refused when broken`, () => {
    const app = appName(lang.fixture.replace(/[^a-z0-9]/g, ''));
    let wc: WorkingCopy;
    before(async () => {
      wc = await workingCopy(lang.fixture, app);
      if (lang.config && lang.config.length > 0) {
        assert.equal((await ssh(['apps:create', app])).code, 0);
        const set = await ssh(['config:set', app, ...lang.config]);
        assert.equal(set.code, 0, set.stderr);
      }
    });
    after(async () => {
      wc.cleanup();
      await destroy(app);
    });

    it('deploys and answers through nginx', async () => {
      const started = Date.now();
      const push = await wc.push();
      assert.equal(push.code, 0, push.stderr);
      assert.match(push.stderr, lang.detected);
      assert.match(push.stderr, /-----> Deployed/);
      console.log(`# ${lang.fixture} first push: ${Date.now() - started} ms`);
      const answer = await get(hostOf(app));
      assert.equal(answer.status, 200, answer.body);
      assert.equal(answer.body, `${lang.fixture}: hello v1\n`);
    });

    it('redeploys a changed app with unchanged dependencies from the cache', async () => {
      await wc.commit({ VERSION: 'v2\n' });
      const started = Date.now();
      const push = await wc.push();
      assert.equal(push.code, 0, push.stderr);
      console.log(`# ${lang.fixture} cached push: ${Date.now() - started} ms`);
      if (lang.reused) assert.match(push.stderr, lang.reused);
      assert.equal((await get(hostOf(app))).body, `${lang.fixture}: hello v2\n`);
    });

    it("refuses a commit that does not compile, with the tool's words, and keeps serving", async () => {
      await wc.commit({ ...lang.broken, VERSION: 'v3\n' });
      const push = await wc.push();
      assert.notEqual(push.code, 0, 'the push must fail');
      assert.match(push.stderr, /pre-receive hook declined/);
      assert.match(push.stderr, lang.brokenMessage);
      const answer = await get(hostOf(app));
      assert.equal(answer.status, 200);
      assert.equal(
        answer.body,
        `${lang.fixture}: hello v2\n`,
        'the previous release keeps serving',
      );
    });
  });
}
