// `scripts/bootstrap.sh`'s long steps on a terminal: runs one command under ora's spinner
// (lib/output/progress.ts) and prints its output when it ends. Usage: with-progress.ts TEXT -- CMD [ARGS...]
import { startProgress } from '../lib/output/progress.js';
import { run } from '../lib/proc/run.js';

const [text = '', separator, file, ...args] = process.argv.slice(2);
if (separator !== '--' || !file) {
  process.stderr.write('usage: with-progress.ts TEXT -- CMD [ARGS...]\n');
  process.exit(2);
}
const env = Object.fromEntries(
  Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined),
);
const stop = await startProgress(text, process.env, process.stdout);
const result = await run(file, args, { env, reject: false, timeoutMs: 3_600_000 });
stop?.();
process.stdout.write(result.all);
process.exitCode = result.exitCode;
