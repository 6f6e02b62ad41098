// Rewrites a Procfile command so that the shell running it is replaced by the app (`exec`): the app keeps the
// shell's pid, so the supervisor's signals and the pid `ps` shows are the app's own.

/** Shell words that cannot follow `exec` (keywords and builtins): such a command keeps its shell. */
const NOT_EXECUTABLE = new Set([
  ...['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'case', 'esac', 'while', 'until', 'for'],
  ...['in', 'function', 'select', 'time', 'coproc', '{', '}', '!', '[[', ']]'],
  ...['.', ':', 'source', 'cd', 'export', 'set', 'unset', 'trap', 'wait', 'eval', 'shift'],
  ...['return', 'exit', 'break', 'continue', 'readonly', 'local', 'alias', 'umask', 'read'],
]);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

interface Word {
  start: number;
  text: string;
}

/** Index just past the quoted or substituted part starting at `i` (a quote, "$(" or "`"), or -1 if unterminated. */
function skipQuoted(cmd: string, i: number): number {
  const c = cmd.charAt(i);
  if (c === "'") {
    const end = cmd.indexOf("'", i + 1);
    return end < 0 ? -1 : end + 1;
  }
  if (c === '`') {
    const end = cmd.indexOf('`', i + 1);
    return end < 0 ? -1 : end + 1;
  }
  if (c === '"') {
    for (let j = i + 1; j < cmd.length; j++) {
      if (cmd.charAt(j) === '\\') j += 1;
      else if (cmd.charAt(j) === '"') return j + 1;
    }
    return -1;
  }
  // "$(": up to the matching ")", quotes inside honoured.
  let depth = 0;
  for (let j = i + 1; j < cmd.length; j++) {
    const d = cmd.charAt(j);
    if (d === "'" || d === '"' || d === '`') {
      const next = skipQuoted(cmd, j);
      if (next < 0) return -1;
      j = next - 1;
    } else if (d === '\\') j += 1;
    else if (d === '(') depth += 1;
    else if (d === ')' && --depth === 0) return j + 1;
  }
  return -1;
}

/**
 * The words of the last simple command of a list (`a; b`, `a && b`, `a || b`), or undefined when the command is
 * anything else at its top level: a pipeline, `&`, a subshell, a comment, a here-document, an unterminated quote.
 */
function lastSimpleCommand(cmd: string): Word[] | undefined {
  let words: Word[] = [];
  let start = -1;
  const endWord = (i: number): void => {
    if (start >= 0) words.push({ start, text: cmd.slice(start, i) });
    start = -1;
  };
  let i = 0;
  while (i < cmd.length) {
    const c = cmd.charAt(i);
    const pair = cmd.slice(i, i + 2);
    if (c === ' ' || c === '\t') {
      endWord(i);
      i += 1;
    } else if (c === ';' || c === '\n' || pair === '&&' || pair === '||') {
      endWord(i);
      words = [];
      i += c === ';' || c === '\n' ? 1 : 2;
    } else if (c === '&' || c === '|' || c === '(' || c === ')' || pair === '<<') {
      return undefined;
    } else if (c === '#' && start < 0) {
      return undefined;
    } else {
      if (start < 0) start = i;
      if (c === "'" || c === '"' || c === '`' || pair === '$(') {
        i = skipQuoted(cmd, i);
        if (i < 0) return undefined;
      } else if (c === '\\') {
        i += 2;
      } else if (c === '<' || c === '>') {
        // A redirection ("2>&1", ">>log", ">|f"): its "&" or "|" is no operator.
        i += 1;
        if ('&>|'.includes(cmd.charAt(i)) && i < cmd.length) i += 1;
      } else {
        i += 1;
      }
    }
  }
  endWord(cmd.length);
  return words.length > 0 ? words : undefined;
}

/**
 * `command` with `exec` before its last simple command, so that `sh -c` replaces itself with the app:
 * `node web.js` -> `exec node web.js`, `npm run migrate && PORT=1 node web.js` -> `... && PORT=1 exec node web.js`.
 * A command this cannot apply to (a pipeline, `&`, a subshell, a shell keyword or builtin last, a command that
 * already execs) is returned as it is.
 */
export function execForm(command: string): string {
  const words = lastSimpleCommand(command);
  if (words === undefined) return command;
  const program = words.find((w) => !ASSIGNMENT.test(w.text));
  if (program === undefined || program.text === 'exec' || NOT_EXECUTABLE.has(program.text))
    return command;
  return `${command.slice(0, program.start)}exec ${command.slice(program.start)}`;
}
