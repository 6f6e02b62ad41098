import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { zshCompletion } from '../../lib/cli/client/completion.js';
import { COMMANDS } from '../../lib/cli/commands/index.js';
import { main } from '../../lib/cli/main.js';

const dir = mkdtempSync(join(tmpdir(), 'hop3-completion-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function script(shell: string): Promise<string> {
  let out = '';
  const code = await main(['completion', shell], {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: () => true },
    env: { HOP3_HOME: dir },
  });
  assert.equal(code, 0);
  return out;
}

/** Sources the bash script and calls _hop3 as bash would for `line` (words split at blanks and ":"). */
function complete(file: string, line: string): string[] {
  const words = line.split(/\s+|(?=:)|(?<=:)/).filter((w) => w !== '');
  if (/\s$/.test(line)) words.push('');
  const program = [
    'set -u',
    `source ${JSON.stringify(file)}`,
    'COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$LINE"; COMP_POINT=${#LINE}',
    '_hop3',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const out = execFileSync('bash', ['-c', program, 'bash', ...words], {
    env: { PATH: process.env.PATH ?? '', LINE: line },
    encoding: 'utf8',
  });
  return out.split('\n').filter((l) => l !== '');
}

describe('hop3 completion bash', async () => {
  const file = join(dir, 'hop3.bash');
  writeFileSync(file, await script('bash'));

  it('registers _hop3 for hop3', () => {
    const out = execFileSync('bash', ['-c', `source ${JSON.stringify(file)}; complete -p hop3`], {
      encoding: 'utf8',
    });
    assert.match(out, /complete .*-F _hop3 hop3/);
  });

  it('completes command names from the specs, without plumbing', () => {
    assert.deepEqual(complete(file, 'hop3 conf'), [
      'config',
      'config:get',
      'config:set',
      'config:unset',
    ]);
    assert.ok(complete(file, 'hop3 ').includes('completion'));
    assert.ok(!complete(file, 'hop3 ').includes('git-hook'));
    assert.deepEqual(complete(file, 'hop3 -a other ps:s'), ['scale']);
  });

  it('replaces only the part after ":" as bash splits words there', () => {
    assert.deepEqual(complete(file, 'hop3 config:s'), ['set']);
    assert.deepEqual(complete(file, 'hop3 addons:at'), ['attach']);
  });

  it("completes a command's options and the client's flags", () => {
    assert.deepEqual(complete(file, 'hop3 config:set K=V --n'), ['--no-restart']);
    assert.ok(complete(file, 'hop3 config:set --').includes('--env-file'));
    const logs = complete(file, 'hop3 logs -');
    for (const flag of [
      '-n',
      '--tail',
      '-t',
      '-p',
      '--release',
      '--help',
      '-a',
      '--app',
      '-r',
      '--remote',
      '--local',
    ])
      assert.ok(logs.includes(flag), flag);
  });

  it('completes file names after --env-file', () => {
    writeFileSync(join(dir, 'prod.env'), 'A=1\n');
    assert.deepEqual(complete(file, `hop3 config:set --env-file ${join(dir, 'prod.')}`), [
      join(dir, 'prod.env'),
    ]);
  });
});

/** Sources the zsh script after compinit and calls _hop3 with `words`, compadd and _describe printing what they get. */
function completeZsh(file: string, words: string[]): string[] {
  const program = [
    `autoload -U compinit; compinit -u -d ${JSON.stringify(join(dir, 'zcompdump'))}`,
    `source ${JSON.stringify(file)}`,
    'print -r -- "registered:$_comps[hop3]"',
    'compadd() { print -rl -- "$@" }',
    '_describe() { print -rl -- "${(@P)4}" }',
    '_files() { print -r -- "<files>" }',
    'words=("$@"); CURRENT=$#',
    '_hop3',
  ].join('\n');
  const out = execFileSync('zsh', ['-f', '-c', program, 'zsh', ...words], {
    env: { PATH: process.env.PATH ?? '' },
    encoding: 'utf8',
  });
  return out.split('\n').filter((l) => l !== '');
}

describe('hop3 completion zsh', () => {
  it('describes every visible command with its summary, ":" escaped, and registers with compdef', async () => {
    const text = await script('zsh');
    assert.equal(text, zshCompletion(COMMANDS));
    assert.match(text, /^#compdef hop3/);
    const file = join(dir, '_hop3');
    writeFileSync(file, text);
    const out = completeZsh(file, ['hop3', 'conf']);
    assert.equal(out[0], 'registered:_hop3');
    assert.ok(
      out.includes('config\\:set:set config vars and restart the app with them (no rebuild)'),
      out.join('\n'),
    );
    assert.ok(!out.some((l) => l.startsWith('git-hook')));
  });

  it("completes a command's options after the client's flags, and files after --env-file", () => {
    const file = join(dir, '_hop3');
    const opts = completeZsh(file, ['hop3', '-a', 'other', 'config:set', '--n']);
    for (const flag of ['--no-restart', '--env-file', '--help', '-a', '--local'])
      assert.ok(opts.includes(flag), flag);
    assert.ok(!opts.includes('--shell'), 'options of another command');
    assert.ok(completeZsh(file, ['hop3', 'config:set', '--env-file', '']).includes('<files>'));
  });

  it('refuses other shells', async () => {
    let err = '';
    const code = await main(['completion', 'fish'], {
      stdout: { write: () => true },
      stderr: { write: (s: string) => (err += s) },
      env: { HOP3_HOME: dir },
    });
    assert.equal(code, 2);
    assert.match(err, /unknown shell "fish"/);
  });
});
