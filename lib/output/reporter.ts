// Deploy and command progress in the Heroku/Dokku style: "-----> step", "       detail", " !     warning".

/** Where progress goes; plugins get one injected and never write to the console themselves. */
export interface Reporter {
  /** Starts a step: `-----> title`. */
  step(title: string): void;
  /** A detail line under the current step, indented. */
  info(line: string): void;
  /** A warning line: ` !     line`. */
  warn(line: string): void;
  /** Runs `fn` as a step and prints how long it took when it ends. */
  timed<T>(title: string, fn: () => Promise<T>): Promise<T>;
  /** Replaces this value by `*****` in everything printed from now on. */
  redact(secret: string): void;
  /** A line already formatted by another reporter (a build worker's output), passed on as it is. */
  raw?(line: string): void;
}

/** Anything with a write method (process.stdout, a log file stream, a test buffer). */
export interface LineSink {
  write(chunk: string): unknown;
}

const STEP = '-----> ';
const INDENT = '       ';
const WARN = ' !     ';

/** Replaces every secret (of 4 characters or more) in `text` by `*****`, longest first. */
export function maskSecrets(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length))
    if (secret.length >= 4) out = out.split(secret).join('*****');
  return out;
}

/** Formats a duration in milliseconds as "0.42 s" or "12.3 s". */
export function formatDuration(ms: number): string {
  const s = ms / 1000;
  return `${s < 10 ? s.toFixed(2) : s.toFixed(1)} s`;
}

/** Creates a reporter that writes to every sink given (e.g. the pusher's terminal and the build log). */
export function createReporter(...sinks: LineSink[]): Reporter {
  const secrets = new Set<string>();
  const emit = (prefix: string, text: string): void => {
    const lines = maskSecrets(text, secrets).replace(/\s+$/, '').split('\n');
    const out = lines.map((l) => `${prefix}${l}\n`).join('');
    for (const sink of sinks) sink.write(out);
  };
  const reporter: Reporter = {
    step: (title) => emit(STEP, title),
    info: (line) => emit(INDENT, line),
    warn: (line) => emit(WARN, line),
    async timed(title, fn) {
      const started = performance.now();
      emit(STEP, title);
      const result = await fn();
      emit(INDENT, `done in ${formatDuration(performance.now() - started)}`);
      return result;
    },
    redact(secret) {
      if (secret.length >= 4) secrets.add(secret);
    },
    raw: (line) => emit('', line),
  };
  return reporter;
}

/** A reporter that prints nothing (for commands run by other commands). */
export const silentReporter: Reporter = createReporter();
