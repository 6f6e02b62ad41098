// End-to-end helpers: push sample apps over real ssh to the bootstrapped host and request them through nginx.
import { execFile, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { shellQuote } from '../../lib/domain/shell-words.js';

/** The private key the suite pushes with (scripts/test.sh creates and authorizes it). */
export const SSH_KEY = process.env.HOP3_E2E_KEY ?? '';
/** The host under test (this machine). */
export const HOST = process.env.HOP3_E2E_HOST ?? '127.0.0.1';
const installed = readInstalledSettings();
/** The apps' domain, from the installed settings. */
export const DOMAIN: string = process.env.HOP3_E2E_DOMAIN ?? installed.domain ?? 'hop3.test';
/** The HTTP git port, from the installed settings. */
export const GIT_HTTP_PORT = Number(
  process.env.HOP3_E2E_GIT_HTTP_PORT ?? installed.gitHttpPort ?? 8822,
);

function readInstalledSettings(): { domain?: string; gitHttpPort?: number } {
  try {
    return JSON.parse(readFileSync('/home/hop3/settings.json', 'utf8')) as {
      domain?: string;
      gitHttpPort?: number;
    };
  } catch {
    return {};
  }
}

/** Fails loudly when the suite cannot run (no key, hop3 not bootstrapped). */
export function requireE2eEnvironment(): void {
  if (!SSH_KEY)
    throw new Error(
      'HOP3_E2E_KEY is not set: run the e2e tests through scripts/test.sh (after scripts/bootstrap.sh)',
    );
}

const SSH_OPTIONS = [
  '-o',
  'StrictHostKeyChecking=no',
  '-o',
  'UserKnownHostsFile=/dev/null',
  '-o',
  'LogLevel=ERROR',
  '-o',
  'BatchMode=yes',
];

/** The GIT_SSH_COMMAND that uses the test key. */
export const GIT_SSH_COMMAND = ['ssh', '-i', SSH_KEY, ...SSH_OPTIONS].map(shellQuote).join(' ');

/** What a command printed and returned. */
export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a local command (argument array) and collects its output. */
export function sh(
  file: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<Result> {
  return new Promise((done) => {
    execFile(
      file,
      args,
      {
        cwd: options.cwd,
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', ...options.env },
        timeout: options.timeoutMs ?? 300_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

/** Runs `ssh hop3@host <words>`; each word is quoted so the server sees it literally. */
export function ssh(words: string[], options: { input?: string } = {}): Promise<Result> {
  const args = [
    '-i',
    SSH_KEY,
    ...SSH_OPTIONS,
    `hop3@${HOST}`,
    ...(words.length > 0 ? [words.map(shellQuote).join(' ')] : []),
  ];
  if (options.input === undefined) return sh('ssh', args);
  return new Promise((done) => {
    const child = spawn('ssh', args);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => done({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(options.input);
  });
}

/** Runs a raw ssh command line (not quoted: to test what the server does with it). */
export function sshRaw(line: string): Promise<Result> {
  return sh('ssh', ['-i', SSH_KEY, ...SSH_OPTIONS, `hop3@${HOST}`, line]);
}

const FIXTURES = resolve(import.meta.dirname, '..', 'fixtures', 'apps');

/** A local git working copy of a sample app, ready to push. */
export interface WorkingCopy {
  dir: string;
  /** Writes a file and commits it. */
  commit(files: Record<string, string>, message?: string): Promise<void>;
  /** Pushes `refspec` to hop3 over ssh (remote `hop3@host:<app>`). */
  push(refspec?: string): Promise<Result>;
  cleanup(): void;
}

const GIT_IDENTITY = {
  GIT_AUTHOR_NAME: 'e2e',
  GIT_AUTHOR_EMAIL: 'e2e@hop3.test',
  GIT_COMMITTER_NAME: 'e2e',
  GIT_COMMITTER_EMAIL: 'e2e@hop3.test',
};

async function git(dir: string, args: string[]): Promise<Result> {
  const r = await sh('git', args, {
    cwd: dir,
    env: { ...GIT_IDENTITY, GIT_SSH_COMMAND, GIT_TERMINAL_PROMPT: '0' },
  });
  return r;
}

/** Copies a fixture (or starts empty) into a fresh git repository aimed at app `app`. */
export async function workingCopy(
  fixture: string | undefined,
  app: string,
  remote = `hop3@${HOST}:${app}`,
): Promise<WorkingCopy> {
  const dir = mkdtempSync(join(tmpdir(), `hop3-e2e-${app}-`));
  if (fixture) cpSync(join(FIXTURES, fixture), dir, { recursive: true });
  await git(dir, ['init', '-q', '-b', 'main']);
  await git(dir, ['add', '-A']);
  await git(dir, ['commit', '-q', '--allow-empty', '-m', 'initial']);
  await git(dir, ['remote', 'add', 'hop3', remote]);
  return {
    dir,
    async commit(files, message = 'change') {
      for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
      await git(dir, ['add', '-A']);
      const r = await git(dir, ['commit', '-q', '-m', message]);
      if (r.code !== 0) throw new Error(`git commit failed: ${r.stderr}`);
    },
    push: (refspec = 'main') => git(dir, ['push', 'hop3', refspec]),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** One HTTP answer. */
export interface HttpAnswer {
  status: number;
  body: string;
}

/** GET through nginx on port 80 with the given Host header. */
export function get(host: string, path = '/', port = 80): Promise<HttpAnswer> {
  return new Promise((done, fail) => {
    const req = request({ host: HOST, port, path, headers: { host }, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => done({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', fail);
    req.end();
  });
}

/** The default host name of an app. */
export const hostOf = (app: string): string => `${app}.${DOMAIN}`;

/** A unique app name for this run (tests can run repeatedly on one host). */
export function appName(base: string): string {
  return `${base}-${process.pid.toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`.slice(
    0,
    60,
  );
}

/** Destroys an app (ignoring errors) — for cleanup. */
export async function destroy(app: string): Promise<void> {
  await ssh(['apps:destroy', app, '--confirm', app, '--purge']);
}

/** The " !     " error lines of some output. */
export function errorLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.replace(/^remote: /, ''))
    .filter((l) => l.startsWith(' !     '));
}
