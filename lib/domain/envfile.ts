// Parses an ENV file (KEY=VALUE lines) with no variable expansion; a malformed line is an error.
import { Hop3Error } from '../errors.js';

const LINE = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/;

function unquote(value: string, lineNo: number): string {
  const v = value.trim();
  if (v.startsWith("'")) {
    if (!v.endsWith("'") || v.length < 2) throw new Hop3Error('E_ENV_FILE', `ENV line ${lineNo}: unterminated single quote`);
    return v.slice(1, -1);
  }
  if (v.startsWith('"')) {
    if (!v.endsWith('"') || v.length < 2) throw new Hop3Error('E_ENV_FILE', `ENV line ${lineNo}: unterminated double quote`);
    return v.slice(1, -1).replace(/\\([nt"\\])/g, (_, c: string) => ({ n: '\n', t: '\t', '"': '"', '\\': '\\' })[c] ?? c);
  }
  return v;
}

/** Parses ENV file text into variables. Throws E_ENV_FILE naming the first bad line. */
export function parseEnvFile(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line.length === 0 || line.startsWith('#')) return;
    const match = LINE.exec(line);
    if (!match?.[1]) {
      throw new Hop3Error('E_ENV_FILE', `ENV line ${index + 1} is not KEY=VALUE: ${JSON.stringify(line)}`, {
        hint: 'keys are environment variable names ([A-Za-z_][A-Za-z0-9_]*), e.g. "GREETING=hello"',
      });
    }
    vars[match[1]] = unquote(match[2] ?? '', index + 1);
  });
  return vars;
}
