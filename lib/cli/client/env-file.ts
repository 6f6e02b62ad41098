// `config:set --env-file FILE`: the file's variables become KEY=VALUE arguments (values are never printed).
import { readFileSync } from 'node:fs';
import { parseDotenvFile } from '../../domain/envfile.js';
import { validateConfigKey } from '../../domain/names.js';
import { Hop3Error } from '../../errors.js';

/** Replaces `--env-file FILE` (or `--env-file=FILE`) of a config:set command line by the file's assignments. */
export function expandEnvFile(
  argv: readonly string[],
  readFile: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): string[] {
  if (argv[0] !== 'config:set') return [...argv];
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    if (arg !== '--env-file' && !arg.startsWith('--env-file=')) {
      out.push(arg);
      continue;
    }
    const file = arg === '--env-file' ? argv[++i] : arg.slice('--env-file='.length);
    if (!file)
      throw new Hop3Error('E_USAGE', 'config:set: --env-file needs a file', {
        hint: 'hop3 config:set --env-file .env',
      });
    let text: string;
    try {
      text = readFile(file);
    } catch (error) {
      throw new Hop3Error(
        'E_ENV_FILE',
        `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
        { cause: error },
      );
    }
    const vars = parseDotenvFile(text);
    if (Object.keys(vars).length === 0)
      throw new Hop3Error('E_ENV_FILE', `${file} sets no variables`, {
        hint: 'write KEY=VALUE lines',
      });
    for (const [key, value] of Object.entries(vars)) out.push(`${validateConfigKey(key)}=${value}`);
  }
  return out;
}
