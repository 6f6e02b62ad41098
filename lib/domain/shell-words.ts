// Splits an ssh command line into words honouring quotes and backslashes only: every other character is data.
import { Hop3Error } from '../errors.js';

const BLANK = new Set([' ', '\t', '\n']);
const DQUOTE_ESCAPABLE = new Set(['"', '\\', '$', '`', '\n']);

/**
 * Splits `line` like a POSIX shell would split words, without any expansion, globbing or operators:
 * `$(id)`, `*`, `;` and `|` stay literal text. Throws E_USAGE on an unterminated quote.
 */
export function splitShellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < line.length) {
    const c = line.charAt(i);
    if (BLANK.has(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i += 1;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw unterminated('single');
      word += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      i += 1;
      for (;;) {
        if (i >= line.length) throw unterminated('double');
        const d = line.charAt(i);
        if (d === '"') break;
        if (d === '\\' && i + 1 < line.length && DQUOTE_ESCAPABLE.has(line.charAt(i + 1))) {
          if (line.charAt(i + 1) !== '\n') word += line.charAt(i + 1);
          i += 2;
        } else {
          word += d;
          i += 1;
        }
      }
      inWord = true;
      i += 1;
    } else if (c === '\\') {
      if (i + 1 < line.length) {
        if (line.charAt(i + 1) !== '\n') {
          word += line.charAt(i + 1);
          inWord = true;
        }
        i += 2;
      } else {
        i += 1;
      }
    } else {
      word += c;
      inWord = true;
      i += 1;
    }
  }
  if (inWord) words.push(word);
  return words;
}

function unterminated(kind: string): Hop3Error {
  return new Hop3Error('E_USAGE', `unterminated ${kind} quote in the command line`, {
    hint: 'close the quote, or escape it with a backslash',
  });
}

/** Quotes `value` for a POSIX shell as one literal word (single quotes; `'` becomes `'\''`). */
export function shellQuote(value: string): string {
  return `'${value.split("'").join("'\\''")}'`;
}
