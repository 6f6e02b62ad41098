// Progress that moves, only on a terminal: ora's spinner while the client waits for the server, and
// under each `-----> ` step of `hop3 setup`. Never in CI, in a git hook, over ssh or when the output is
// not a terminal: there the plain reporter's lines are all that is printed. The only module that
// imports ora (loaded on first use, so other commands do not pay for it).
import {
  createReporter,
  formatDuration,
  maskSecrets,
  type LineSink,
  type Reporter,
} from './reporter.js';

/** A stream progress may be drawn on (process.stdout or process.stderr; tests pass a fake one). */
export interface ProgressStream extends LineSink {
  isTTY?: boolean;
  columns?: number;
}

/** True when a spinner may be drawn on the stream: a real terminal, not CI, not a git hook, not an ssh command. */
export function canAnimate(stream: ProgressStream, env: NodeJS.ProcessEnv): boolean {
  return (
    stream.isTTY === true &&
    Boolean(stream.columns) &&
    !env.CI &&
    env.TERM !== 'dumb' &&
    env.HOP3_NO_PROGRESS !== '1' &&
    env.GIT_DIR === undefined &&
    env.SSH_ORIGINAL_COMMAND === undefined
  );
}

async function spinnerOn(stream: ProgressStream): Promise<import('ora').Ora> {
  const { default: ora } = await import('ora');
  return ora({ stream: stream as NodeJS.WritableStream, discardStdin: false, isEnabled: true });
}

/** Starts the spinner when stderr is a terminal with columns; returns the function that stops it. */
export async function startProgress(
  text: string,
  env: NodeJS.ProcessEnv,
  stream: ProgressStream = process.stderr,
): Promise<(() => void) | undefined> {
  if (!canAnimate(stream, env)) return undefined;
  const spinner = (await spinnerOn(stream)).start(text);
  return () => {
    if (spinner.isSpinning) spinner.stop();
  };
}

/** A reporter whose steps spin until the next step, and the function that stops the last one. */
export interface StepProgress {
  reporter: Reporter;
  stop(): void;
}

/**
 * A reporter for long host commands (`hop3 setup`): the same `-----> ` lines as the plain reporter,
 * with a spinner under the current step while it runs. Undefined when the stream cannot animate.
 */
export async function startStepProgress(
  stream: ProgressStream,
  env: NodeJS.ProcessEnv,
): Promise<StepProgress | undefined> {
  if (!canAnimate(stream, env)) return undefined;
  const spinner = await spinnerOn(stream);
  const secrets = new Set<string>();
  const plain = createReporter({
    write(text: string) {
      const spinning = spinner.isSpinning;
      if (spinning) spinner.clear();
      stream.write(text);
      if (spinning) spinner.render();
    },
  });
  const reporter: Reporter = {
    step(title) {
      if (spinner.isSpinning) spinner.stop();
      plain.step(title);
      spinner.start(maskSecrets(title, secrets));
    },
    info: (line) => plain.info(line),
    warn: (line) => plain.warn(line),
    async timed(title, fn) {
      const started = performance.now();
      reporter.step(title);
      const result = await fn();
      reporter.info(`done in ${formatDuration(performance.now() - started)}`);
      return result;
    },
    redact(secret) {
      plain.redact(secret);
      if (secret.length >= 4) secrets.add(secret);
    },
    raw: (line) => plain.raw?.(line),
  };
  return {
    reporter,
    stop() {
      if (spinner.isSpinning) spinner.stop();
    },
  };
}
