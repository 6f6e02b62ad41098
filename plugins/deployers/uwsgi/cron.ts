// Turns a five-field cron schedule into uWSGI `unique-cron` time specs ("minute hour day month weekday").
import { Hop3Error } from '../../../lib/sdk.js';

// uWSGI's cron fields take one number, -1 for "any", or -N for "every N" (value % N == 0). Lists and
// ranges have no uWSGI form, so they are expanded: one spec per combination, all running the same
// command. uWSGI ORs day and weekday like crontab does, so the union of the combinations is exact.

interface Field {
  name: string;
  min: number;
  max: number;
  /** True when uWSGI's -N (value % N == 0) equals crontab's step form (the field starts at 0). */
  stepFromZero: boolean;
}

const FIELDS: readonly Field[] = [
  { name: 'minute', min: 0, max: 59, stepFromZero: true },
  { name: 'hour', min: 0, max: 23, stepFromZero: true },
  { name: 'day of month', min: 1, max: 31, stepFromZero: false },
  { name: 'month', min: 1, max: 12, stepFromZero: false },
  { name: 'day of week', min: 0, max: 7, stepFromZero: true },
];

/** More specs than this means the schedule is better written differently. */
const MAX_SPECS = 200;

function invalid(schedule: string, why: string): Hop3Error {
  return new Hop3Error('E_PROCFILE', `cron schedule ${JSON.stringify(schedule)}: ${why}`, {
    hint: 'use five fields of "*", "*/N", numbers, ranges and lists, e.g. "*/15 9-17 * * 1-5"',
  });
}

function expandField(text: string, field: Field, schedule: string): number[] {
  if (text === '*') return [-1];
  const step = /^\*\/(\d+)$/.exec(text);
  if (step) {
    const n = Number(step[1]);
    if (n < 1 || n > field.max)
      throw invalid(schedule, `the ${field.name} step must be between 1 and ${field.max}`);
    if (n === 1) return [-1];
    if (field.stepFromZero) return [-n];
    const values: number[] = [];
    for (let v = field.min; v <= field.max; v += n) values.push(v);
    return values;
  }
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const [from = '', to = from] = part.split('-');
    const a = Number(from);
    const b = Number(to);
    if (!/^\d+$/.test(from) || !/^\d+$/.test(to) || a > b || a < field.min || b > field.max) {
      throw invalid(schedule, `the ${field.name} must be between ${field.min} and ${field.max}`);
    }
    // crontab's weekday 7 is Sunday, which uWSGI (like tm_wday) calls 0.
    for (let v = a; v <= b; v++) values.add(field.max === 7 && v === 7 ? 0 : v);
  }
  const full = field.max === 7 ? 7 : field.max - field.min + 1;
  return values.size >= full ? [-1] : [...values].sort((x, y) => x - y);
}

/** The uWSGI time specs of a crontab schedule; throws E_PROCFILE for a malformed or too large one. */
export function uwsgiCronSpecs(schedule: string): string[] {
  const texts = schedule.trim().split(/\s+/);
  if (texts.length !== 5) throw invalid(schedule, 'it needs exactly five fields');
  const fields = FIELDS.map((field, i) => expandField(texts[i] ?? '', field, schedule));
  let specs: number[][] = [[]];
  for (const values of fields) {
    specs = specs.flatMap((prefix) => values.map((v) => [...prefix, v]));
    if (specs.length > MAX_SPECS)
      throw invalid(schedule, `it expands to more than ${MAX_SPECS} uWSGI cron entries`);
  }
  return specs.map((spec) => spec.join(' '));
}
