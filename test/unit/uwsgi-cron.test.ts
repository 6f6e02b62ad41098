// Crontab schedules translated to uWSGI unique-cron time specs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { uwsgiCronSpecs } from '../../plugins/deployers/uwsgi/cron.js';

describe('uwsgiCronSpecs', () => {
  it('maps "*" to -1 and steps of fields starting at 0 to -N', () => {
    assert.deepEqual(uwsgiCronSpecs('* * * * *'), ['-1 -1 -1 -1 -1']);
    assert.deepEqual(uwsgiCronSpecs('*/15 */2 * * */1'), ['-15 -2 -1 -1 -1']);
  });

  it('expands steps of day and month, which start at 1, into their values', () => {
    assert.deepEqual(uwsgiCronSpecs('0 0 */10 * *'), [
      '0 0 1 -1 -1',
      '0 0 11 -1 -1',
      '0 0 21 -1 -1',
      '0 0 31 -1 -1',
    ]);
  });

  it('expands lists and ranges into one spec per combination', () => {
    assert.deepEqual(uwsgiCronSpecs('0,30 9-10 * * *'), [
      '0 9 -1 -1 -1',
      '0 10 -1 -1 -1',
      '30 9 -1 -1 -1',
      '30 10 -1 -1 -1',
    ]);
  });

  it('treats weekday 7 as Sunday and a full range as "*"', () => {
    assert.deepEqual(uwsgiCronSpecs('5 4 * * 7'), ['5 4 -1 -1 0']);
    assert.deepEqual(uwsgiCronSpecs('5 4 * * 0-7'), ['5 4 -1 -1 -1']);
    assert.deepEqual(uwsgiCronSpecs('0-59 4 * 1-12 *'), ['-1 4 -1 -1 -1']);
  });

  it('refuses out-of-range values, bad steps, wrong field counts and huge expansions', () => {
    for (const bad of [
      '60 * * * *',
      '* 24 * * *',
      '* * 0 * *',
      '* * * 13 *',
      '* * * * 8',
      '*/0 * * * *',
      '5-1 * * * *',
      '* * * *',
      'a * * * *',
    ]) {
      assert.throws(() => uwsgiCronSpecs(bad), { code: 'E_PROCFILE' }, bad);
    }
    assert.throws(() => uwsgiCronSpecs('1-30 1-20 * * *'), /more than 200/);
  });
});
