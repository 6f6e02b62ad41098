// The tail of a command's output that errors quote (no process is started here: cheap to import).

/** The last `count` non-empty lines of some output, for error messages. */
export function lastLines(text: string, count = 12): string {
  return text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.length > 0)
    .slice(-count)
    .join('\n');
}
