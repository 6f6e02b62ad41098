// The push size limit's pieces: the setting, the push's commands read from its first bytes, the refusal answer.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pushTooLarge, readPushCommands, refusalResponse } from '../../lib/git/push-limit.js';
import { DEFAULT_SETTINGS, parseSettings } from '../../lib/settings.js';

const pkt = (s: string): string =>
  `${(Buffer.byteLength(s) + 4).toString(16).padStart(4, '0')}${s}`;
const OLD = '0'.repeat(40);
const NEW = 'a'.repeat(40);

describe('git.maxPushMb', () => {
  it('defaults to 1024 and accepts a whole number of at least 1', () => {
    assert.equal(DEFAULT_SETTINGS.git.maxPushMb, 1024);
    assert.equal(parseSettings({}).git.maxPushMb, 1024);
    assert.equal(parseSettings({ git: { maxPushMb: 5 } }).git.maxPushMb, 5);
    for (const bad of [0, -1, 1.5, '10'])
      assert.throws(() => parseSettings({ git: { maxPushMb: bad } }), {
        code: 'E_SETUP',
        message: /git\.maxPushMb/,
      });
  });
});

describe('the refusal of a push over the limit', () => {
  const head = Buffer.from(
    `${pkt(`${OLD} ${NEW} refs/heads/main\0 report-status side-band-64k agent=git/2.39\n`)}${pkt(`${OLD} ${NEW} refs/tags/v1\n`)}0000PACK\0\0\0\x02`,
    'latin1',
  );

  it('reads the refs and capabilities from the first bytes of the push', () => {
    assert.deepEqual(readPushCommands(head), {
      refs: ['refs/heads/main', 'refs/tags/v1'],
      sideband: true,
      report: true,
    });
    assert.deepEqual(readPushCommands(Buffer.from('00')), {
      refs: [],
      sideband: false,
      report: false,
    });
  });

  it('sends the one-line error on the progress band and rejects every ref', () => {
    const answer = refusalResponse(head, pushTooLarge(7)).toString('latin1');
    assert.ok(
      answer.includes(
        "\x02 !     push refused: it is larger than this server's limit of 7 MB (git.maxPushMb)\n",
      ),
      answer,
    );
    assert.match(answer, /hint: .*"maxPushMb"/);
    assert.ok(answer.includes(pkt('unpack push too large\n')));
    assert.ok(answer.includes(pkt('ng refs/heads/main push too large\n')));
    assert.ok(answer.includes(pkt('ng refs/tags/v1 push too large\n')));
    assert.ok(answer.endsWith('0000'));
  });

  it('answers a client without side-band with the report only, and one without report-status with nothing', () => {
    const plain = Buffer.from(
      `${pkt(`${OLD} ${NEW} refs/heads/main\0 report-status\n`)}0000`,
      'latin1',
    );
    assert.equal(
      refusalResponse(plain, pushTooLarge(1)).toString('latin1'),
      `${pkt('unpack push too large\n')}${pkt('ng refs/heads/main push too large\n')}0000`,
    );
    const bare = Buffer.from(`${pkt(`${OLD} ${NEW} refs/heads/main\0 \n`)}0000`, 'latin1');
    assert.equal(refusalResponse(bare, pushTooLarge(1)).length, 0);
  });
});
