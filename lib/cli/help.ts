// Help text: the command list, one command's usage, and "did you mean" suggestions.
import type { CommandSpec } from './spec.js';

/** The usage block `--help` prints for one command. */
export function commandHelp(spec: CommandSpec): string {
  const lines = [`Usage: ${spec.name} ${spec.usage}`.trimEnd(), '', spec.summary];
  if (spec.description) lines.push('', ...spec.description.split('\n'));
  const options = Object.entries(spec.options ?? {});
  lines.push('', 'Options:');
  const rows = [
    ...options.map(([name, o]) => [
      `${o.short ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ` ${o.valueName ?? 'VALUE'}` : ''}`,
      o.description,
    ]),
    ['-h, --help', 'show this help'],
  ];
  const width = Math.max(...rows.map((r) => (r[0] ?? '').length));
  for (const [flag = '', text = ''] of rows) lines.push(`  ${flag.padEnd(width)}  ${text}`);
  return `${lines.join('\n')}\n`;
}

/** The list of commands `help` prints (internal ones hidden). */
export function generalHelp(commands: readonly CommandSpec[], via: 'ssh' | 'local'): string {
  const visible = commands.filter((c) => !c.internal && !(via === 'ssh' && c.localOnly));
  const width = Math.max(...visible.map((c) => c.name.length));
  const prefix = via === 'ssh' ? 'ssh hop3@<host> ' : 'hop3 ';
  const lines = [
    'hop3: git push to deploy, on your own server.',
    '',
    `Usage: ${prefix}<command> [arguments] [--help]`,
    '',
    'Commands:',
    ...visible.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Deploy: git remote add hop3 hop3@<host>:<app> && git push hop3 main',
    `Run "${prefix}<command> --help" for a command's options.`,
  ];
  return `${lines.join('\n')}\n`;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] ?? 0;
      row[j] = Math.min(
        (row[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        prev + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      prev = tmp;
    }
  }
  return row[b.length] ?? 0;
}

/** The closest visible command name to a mistyped one, if any is close. */
export function suggestCommand(
  name: string,
  commands: readonly CommandSpec[],
  sshOnly: boolean,
): string | undefined {
  let best: { name: string; d: number } | undefined;
  for (const c of commands) {
    if (c.internal || (sshOnly && c.localOnly)) continue;
    const d = distance(name, c.name);
    if (d <= 2 && (!best || d < best.d)) best = { name: c.name, d };
  }
  return best?.name;
}
