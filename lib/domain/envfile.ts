// Parses ENV files with dotenv, with no variable expansion: an app's `ENV` file and the file of
// `config:set --env-file FILE`. A line dotenv cannot read (it would skip it) is an error naming its
// number. The only module that imports dotenv.
import { parse } from 'dotenv';
import { Hop3Error } from '../errors.js';

/** Environment variable names, the rule of an app's ENV file. */
const APP_LINE = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/;
/** Any line dotenv reads as a variable (`KEY=value` or `KEY: value`, names of word characters, dots and dashes). */
const DOTENV_LINE = /^(?:export\s+)?([\w.-]+)(?:\s*=|:\s)\s*(.*)$/;
const QUOTES = ["'", '"', '`'];

function notKeyValue(line: string, lineNo: number): Hop3Error {
  return new Hop3Error(
    'E_ENV_FILE',
    `ENV line ${lineNo} is not KEY=VALUE: ${JSON.stringify(line)}`,
    {
      hint: 'keys are environment variable names ([A-Za-z_][A-Za-z0-9_]*), e.g. "GREETING=hello"',
    },
  );
}

/** An unquoted value as hop3 reads it (all of it, `#` included), quoted so that dotenv reads the same. */
function asWritten(key: string, value: string): string | undefined {
  const quote = ["'", '`'].find((q) => !value.includes(q));
  return quote === undefined ? undefined : `${key}=${quote}${value}${quote}`;
}

/**
 * Parses an app's ENV file: KEY=VALUE lines (`export ` prefix, `#` comment lines, quoted values), read by
 * dotenv one line at a time. An unquoted value is kept whole (a `#` in it is not a comment), and `\"`,
 * `\\` and `\t` are unescaped in double quotes as well as `\n`. Throws E_ENV_FILE naming the first line
 * that is not KEY=VALUE or leaves a quote open.
 */
export function parseEnvFile(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line.length === 0 || line.startsWith('#')) return;
    const match = APP_LINE.exec(line);
    const key = match?.[1];
    if (!key) throw notKeyValue(line, index + 1);
    const written = (match[2] ?? '').trim();
    const quote = QUOTES.slice(0, 2).find((q) => written.startsWith(q));
    if (quote === undefined) {
      vars[key] = parse(asWritten(key, written) ?? '')[key] ?? written;
      return;
    }
    if (written.length < 2 || !written.endsWith(quote)) {
      throw new Hop3Error(
        'E_ENV_FILE',
        `ENV line ${index + 1}: unterminated ${quote === "'" ? 'single' : 'double'} quote`,
      );
    }
    const value = parse(`${key}=${written}`)[key] ?? '';
    vars[key] =
      quote === '"'
        ? value.replace(/\\([t"\\])/g, (_, c: string) => (c === 't' ? '\t' : c))
        : value;
  });
  return vars;
}

/**
 * Parses a dotenv file exactly as dotenv does (`config:set --env-file`: any key name, which the caller
 * checks; inline comments; multi-line quoted values), but throws E_ENV_FILE naming the first line
 * dotenv would skip.
 */
export function parseDotenvFile(text: string): Record<string, string> {
  let open: string | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (open !== undefined) {
      if (line.includes(open)) open = undefined;
      return;
    }
    if (line.length === 0 || line.startsWith('#')) return;
    const match = DOTENV_LINE.exec(line);
    if (!match) throw notKeyValue(line, index + 1);
    const written = (match[2] ?? '').trim();
    const quote = QUOTES.find((q) => written.startsWith(q));
    if (quote !== undefined && !written.slice(1).includes(quote)) open = quote;
  });
  return parse(text);
}
