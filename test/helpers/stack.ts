// A whole hop3 in a temporary HOP3_HOME for integration tests: a private uWSGI emperor and nginx,
// settings pointing at them, the compiled `bin/hop3` in the git hooks, and local git pushes.
import { execFile } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdtempSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../lib/cli/main.js';
import { INSTALL_ROOT } from '../../lib/install-root.js';
import { startEmperor, type TestEmperor } from './emperor.js';
import { startNginx, type NginxServer } from './nginx-server.js';

/** Output and status of a command. */
export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** A running hop3 stack. */
export interface Stack {
  home: string;
  /** The external plugins directory (root-owned, 0755, outside the home as on a real host). */
  pluginsDir: string;
  nginx: NginxServer;
  emperor: TestEmperor;
  /** Runs a hop3 command in-process against this home. */
  hop3(args: string[]): Promise<Ran>;
  /** A git working copy of a fixture app (or of `files`), with the app created and its repo as remote. */
  app(name: string, fixture: string | Record<string, string>): Promise<AppCopy>;
  /** A second working copy of an app (a clone of `from`), pushing to the same repository. */
  clone(name: string, from: AppCopy): Promise<AppCopy>;
  /** GET through the stack's nginx with Host `<app>.hop3.test`. */
  get(app: string, path?: string): Promise<{ status: number; body: string }>;
  stop(): Promise<void>;
}

/** A working copy that pushes to the app's bare repository (running the real pre-receive hook). */
export interface AppCopy {
  dir: string;
  commit(files: Record<string, string>): Promise<void>;
  push(refspec?: string): Promise<Ran>;
}

const DOMAIN = 'hop3.test';
const GIT_ENV = {
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@t',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@t',
};

/** Runs a program and collects its output. */
export function exec(
  file: string,
  args: string[],
  cwd?: string,
  env: NodeJS.ProcessEnv = {},
): Promise<Ran> {
  return new Promise((done) => {
    execFile(
      file,
      args,
      { cwd, env: { ...process.env, ...GIT_ENV, ...env }, maxBuffer: 32 << 20, timeout: 300_000 },
      (error, stdout, stderr) => {
        done({
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          stdout,
          stderr,
        });
      },
    );
  });
}

/** Fails unless dist/ is built and newer than the sources (git hooks run the compiled bin/hop3). */
export function requireBuilt(): void {
  const entry = join(INSTALL_ROOT, 'dist', 'cli', 'main.js');
  if (
    !existsSync(entry) ||
    statSync(entry).mtimeMs < statSync(join(INSTALL_ROOT, 'lib', 'cli', 'main.ts')).mtimeMs
  ) {
    throw new Error(
      'dist/ is missing or stale: run "npm run build" before the integration tests (scripts/test.sh does)',
    );
  }
}

/** A working copy in `dir` whose pushes go to `repo`. */
function copyAt(dir: string, repo: string): AppCopy {
  return {
    dir,
    async commit(files) {
      for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
      await exec('git', ['add', '-A'], dir);
      await exec('git', ['commit', '-q', '-m', 'change'], dir);
    },
    push: (refspec = 'main') => exec('git', ['push', repo, refspec], dir),
  };
}

/** Starts emperor and nginx over a fresh home and writes its settings. */
export async function startStack(): Promise<Stack> {
  requireBuilt();
  const home = mkdtempSync(join(tmpdir(), 'hop3-stack-'));
  const emperor = await startEmperor(home);
  const nginx = await startNginx(home);
  const pluginsDir = mkdtempSync(join(tmpdir(), 'hop3-plugins-'));
  chmodSync(pluginsDir, 0o755);
  const settings = {
    pluginsDir,
    domain: DOMAIN,
    hop3Command: join(INSTALL_ROOT, 'bin', 'hop3'),
    drainMs: 50,
    healthTimeoutSec: 20,
    nginx: nginx.settings,
    uwsgi: emperor.settings.sections.uwsgi,
  };
  writeFileSync(join(home, 'settings.json'), JSON.stringify(settings));
  const copies: string[] = [];
  const hop3 = async (args: string[]): Promise<Ran> => {
    let stdout = '';
    let stderr = '';
    const code = await main(args, {
      env: { HOP3_HOME: home },
      stdout: { write: (c: string) => (stdout += c) },
      stderr: { write: (c: string) => (stderr += c) },
    });
    return { code, stdout, stderr };
  };
  return {
    home,
    pluginsDir,
    nginx,
    emperor,
    hop3,
    async app(name, fixture) {
      const dir = mkdtempSync(join(tmpdir(), `hop3-copy-${name}-`));
      copies.push(dir);
      if (typeof fixture === 'string')
        cpSync(join(INSTALL_ROOT, 'test', 'fixtures', 'apps', fixture), dir, { recursive: true });
      else for (const [file, text] of Object.entries(fixture)) writeFileSync(join(dir, file), text);
      const created = await hop3(['apps:create', name]);
      if (created.code !== 0) throw new Error(created.stderr);
      await exec('git', ['init', '-q', '-b', 'main'], dir);
      await exec('git', ['add', '-A'], dir);
      await exec('git', ['commit', '-q', '-m', 'initial'], dir);
      return copyAt(dir, join(home, 'repos', `${name}.git`));
    },
    async clone(name, from) {
      const dir = mkdtempSync(join(tmpdir(), `hop3-copy-${name}-`));
      copies.push(dir);
      await exec('git', ['clone', '-q', from.dir, dir]);
      return copyAt(dir, join(home, 'repos', `${name}.git`));
    },
    get(app, path = '/') {
      return new Promise((done, fail) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: nginx.port,
            path,
            headers: { host: `${app}.${DOMAIN}` },
            timeout: 10_000,
          },
          (res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (c: string) => (body += c));
            res.on('end', () => done({ status: res.statusCode ?? 0, body }));
          },
        );
        req.on('error', fail);
        req.end();
      });
    },
    async stop() {
      await emperor.stop();
      await nginx.stop();
      for (const dir of copies) rmSync(dir, { recursive: true, force: true });
      rmSync(home, { recursive: true, force: true });
      rmSync(pluginsDir, { recursive: true, force: true });
    },
  };
}
