// Parses ENV files (an app's `ENV`, `config:set --env-file FILE`): dotenv reads each KEY=VALUE line, with
// no variable expansion; a line it cannot read is an error naming its number (dotenv would skip it).
// The only module that imports dotenv.
import { parse } from 'dotenv';
import { Hop3Error } from '../errors.js';

/** Environment variable names, the rule of an app's ENV file. */
const STRICT_KEY = '[A-Za-z_][A-Za-z0-9_]*';
/** Any name dotenv reads; the caller checks it (config:set names the bad key). */
const ANY_KEY = '[\\w.-]+';

function lineRule(key: string): RegExp {
  return new RegExp(`^(?:export\\s+)?(${key})\\s*=\\s*(.*)$`);
}

function checkQuotes(value: string, lineNo: number): void {
  const v = value.trim();
  for (const [quote, name] of [
    ["'", 'single'],
    ['"', 'double'],
  ] as const) {
    if (v.startsWith(quote) && (v.length < 2 || !v.endsWith(quote))) {
      throw new Hop3Error('E_ENV_FILE', `ENV line ${lineNo}: unterminated ${name} quote`);
    }
  }
}

/**
 * Parses ENV file text into variables, one KEY=VALUE per line (`export ` prefix, `#` comments and
 * quotes as dotenv reads them; `\"`, `\\` and `\t` are also unescaped in double quotes). Throws
 * E_ENV_FILE naming the first line that is not KEY=VALUE. `anyKey` accepts any name dotenv reads and
 * leaves checking it to the caller.
 */
export function parseEnvFile(
  text: string,
  options: { anyKey?: boolean } = {},
): Record<string, string> {
  const rule = lineRule(options.anyKey ? ANY_KEY : STRICT_KEY);
  const vars: Record<string, string> = {};
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line.length === 0 || line.startsWith('#')) return;
    const match = rule.exec(line);
    const key = match?.[1];
    if (!key) {
      throw new Hop3Error(
        'E_ENV_FILE',
        `ENV line ${index + 1} is not KEY=VALUE: ${JSON.stringify(line)}`,
        {
          hint: 'keys are environment variable names ([A-Za-z_][A-Za-z0-9_]*), e.g. "GREETING=hello"',
        },
      );
    }
    const written = match[2] ?? '';
    checkQuotes(written, index + 1);
    const value = parse(line)[key] ?? '';
    vars[key] = written.trim().startsWith('"')
      ? value.replace(/\\([t"\\])/g, (_, c: string) => (c === 't' ? '\t' : c))
      : value;
  });
  return vars;
}
