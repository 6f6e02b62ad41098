// Progress on a terminal (ora): only where a spinner may be drawn, and the same `-----> ` lines as the plain reporter.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  canAnimate,
  startProgress,
  startStepProgress,
  type ProgressStream,
} from '../../lib/output/progress.js';

function terminal(isTTY = true): ProgressStream & { text: string } {
  const stream = {
    text: '',
    isTTY,
    columns: 80,
    write(chunk: string) {
      stream.text += chunk;
      return true;
    },
    // what ora calls on a tty stream to redraw its line
    cursorTo: () => true,
    moveCursor: () => true,
    clearLine: () => true,
  };
  return stream;
}

// eslint-disable-next-line no-control-regex
const plainText = (text: string): string => text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');

describe('progress', () => {
  it('animates only on a terminal, never in CI, a git hook or an ssh command', () => {
    assert.equal(canAnimate(terminal(), {}), true);
    assert.equal(canAnimate(terminal(false), {}), false);
    assert.equal(canAnimate(terminal(), { CI: 'true' }), false);
    assert.equal(canAnimate(terminal(), { GIT_DIR: '.' }), false);
    assert.equal(canAnimate(terminal(), { SSH_ORIGINAL_COMMAND: 'hop3 setup' }), false);
    assert.equal(canAnimate(terminal(), { HOP3_NO_PROGRESS: '1' }), false);
    assert.equal(canAnimate(terminal(), { TERM: 'dumb' }), false);
  });

  it('prints nothing and gives the plain reporter the stage when it cannot animate', async () => {
    const stream = terminal(false);
    assert.equal(await startStepProgress(stream, {}), undefined);
    assert.equal(await startProgress('deploy', {}, stream), undefined);
    assert.equal(stream.text, '');
  });

  it('keeps the plain step lines around the spinner, secrets masked', async () => {
    const stream = terminal();
    const progress = await startStepProgress(stream, {});
    assert.ok(progress);
    progress.reporter.redact('s3cret-value');
    progress.reporter.step('Packages');
    progress.reporter.info('ok: git s3cret-value');
    await progress.reporter.timed('Settings', () => Promise.resolve(1));
    progress.reporter.warn('careful');
    progress.stop();
    const lines = plainText(stream.text);
    for (const line of [
      '-----> Packages\n',
      '       ok: git *****\n',
      '-----> Settings\n',
      ' !     careful\n',
    ]) {
      assert.ok(lines.includes(line), `${JSON.stringify(line)} in ${JSON.stringify(lines)}`);
    }
    assert.match(lines, / {7}done in [0-9.]+ s\n/);
    assert.ok(!lines.includes('s3cret-value'));
  });
});
