// A command on the user's terminal (the local client's ssh): stdin, stdout and stderr are this process's,
// the environment is the user's own.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

/**
 * Runs `file` with this process's stdio; resolves to its exit code (128 + signal when killed), rejects when it
 * cannot start. With `onFirstOutput`, stdout and stderr are forwarded and the callback runs before the first chunk.
 */
export function runOnTerminal(
  file: string,
  args: readonly string[],
  onFirstOutput?: () => void,
): Promise<number> {
  return new Promise((done, fail) => {
    const piped = onFirstOutput !== undefined;
    const child = spawn(file, [...args], {
      stdio: piped ? ['inherit', 'pipe', 'pipe'] : 'inherit',
    });
    if (piped) {
      let first = true;
      const forward = (to: NodeJS.WriteStream) => (chunk: Buffer) => {
        if (first) onFirstOutput();
        first = false;
        to.write(chunk);
      };
      child.stdout?.on('data', forward(process.stdout));
      child.stderr?.on('data', forward(process.stderr));
    }
    child.on('error', fail);
    child.on('close', (code, signal) =>
      done(code ?? 128 + (signal ? constants.signals[signal] : 0)),
    );
  });
}
