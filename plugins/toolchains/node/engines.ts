// Checks package.json's engines.node against the installed Node.js: a small reading of npm's semver ranges
// (comparators, x-ranges, ~, ^, hyphen ranges and ||), enough for what apps write there.
import { Hop3Error } from '../../../lib/sdk.js';

type Version = [number, number, number];
/** One comparator: `op` applied to a version. */
interface Comparator {
  op: '<' | '<=' | '>' | '>=' | '=';
  v: Version;
}

const PARTIAL = /^v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:[-+][0-9A-Za-z.+-]*)?$/;

/** A version's numbers; a missing or wildcard part is undefined. */
function partial(text: string): (number | undefined)[] | undefined {
  const m = PARTIAL.exec(text);
  if (!m) return undefined;
  return [m[1], m[2], m[3]].map((p) =>
    p === undefined || /^[xX*]$/.test(p) ? undefined : Number(p),
  );
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** The comparators of one x-range, tilde or caret term ("1.2", "~1.2.3", "^0.3"). */
function expand(op: string, parts: (number | undefined)[]): Comparator[] {
  const [ma, mi, pa] = parts;
  if (ma === undefined) return [];
  const low: Version = [ma, mi ?? 0, pa ?? 0];
  if (op === '^') {
    const high: Version =
      ma > 0 || mi === undefined
        ? [ma + 1, 0, 0]
        : mi > 0 || pa === undefined
          ? [0, mi + 1, 0]
          : [0, 0, pa + 1];
    return [
      { op: '>=', v: low },
      { op: '<', v: high },
    ];
  }
  if (op === '~')
    return [
      { op: '>=', v: low },
      { op: '<', v: mi === undefined ? [ma + 1, 0, 0] : [ma, mi + 1, 0] },
    ];
  const wild = mi === undefined ? 0 : pa === undefined ? 1 : 2;
  const next: Version = wild === 0 ? [ma + 1, 0, 0] : wild === 1 ? [ma, (mi ?? 0) + 1, 0] : low;
  switch (op) {
    case '>':
      return [{ op: wild === 2 ? '>' : '>=', v: next }];
    case '<=':
      return wild === 2 ? [{ op: '<=', v: low }] : [{ op: '<', v: next }];
    case '>=':
    case '<':
      return [{ op, v: low }];
    default:
      return wild === 2
        ? [{ op: '=', v: low }]
        : [
            { op: '>=', v: low },
            { op: '<', v: next },
          ];
  }
}

/** The comparator sets of a range (any set may match), or undefined when it cannot be read. */
export function parseRange(range: string): Comparator[][] | undefined {
  const sets: Comparator[][] = [];
  for (const alternative of range.split('||')) {
    const text = alternative.trim().replace(/(<=|>=|<|>|=|~>?|\^)\s+/g, '$1');
    const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(text);
    const terms = hyphen
      ? [`>=${hyphen[1] ?? ''}`, `<=${hyphen[2] ?? ''}`]
      : text.split(/\s+/).filter(Boolean);
    const set: Comparator[] = [];
    for (const term of terms) {
      const m = /^(<=|>=|<|>|=|~>?|\^)?(.*)$/.exec(term);
      const parts = partial(m?.[2] ?? '');
      if (!parts) return undefined;
      set.push(...expand((m?.[1] ?? '=').replace('~>', '~'), parts));
    }
    sets.push(set);
  }
  return sets;
}

/** True when `version` ("v20.11.1") is in `range`; undefined when either cannot be read. */
export function satisfies(version: string, range: string): boolean | undefined {
  const parts = partial(version.trim());
  const sets = parseRange(range.trim() === '' ? '*' : range);
  if (!parts || parts.includes(undefined) || !sets) return undefined;
  const v = parts as Version;
  const test = (c: Comparator): boolean => {
    const d = compare(v, c.v);
    return c.op === '<'
      ? d < 0
      : c.op === '<='
        ? d <= 0
        : c.op === '>'
          ? d > 0
          : c.op === '>='
            ? d >= 0
            : d === 0;
  };
  return sets.some((set) => set.every(test));
}

/** Throws E_BUILD_FAILED when engines.node excludes the installed Node.js; returns a warning when it cannot tell. */
export function checkEngines(range: string | undefined, version: string): string | undefined {
  if (range === undefined) return undefined;
  const ok = satisfies(version, range);
  if (ok === undefined)
    return `package.json engines.node "${range}" cannot be read: not checked against Node.js ${version}`;
  if (ok) return undefined;
  throw new Hop3Error(
    'E_BUILD_FAILED',
    `package.json engines.node wants "${range}", but the server's Node.js is ${version}`,
    {
      hint: `install a Node.js matching "${range}" on the server, or change engines.node in package.json to include ${version}`,
    },
  );
}
