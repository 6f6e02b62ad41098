// A spinner (ora) on stderr while waiting for the server's first output, only on a real terminal.
/** Starts the spinner when stderr is a terminal with columns; returns the function that stops it. */
export async function startProgress(
  text: string,
  env: NodeJS.ProcessEnv,
): Promise<(() => void) | undefined> {
  const columns = process.stderr.columns;
  if (!process.stderr.isTTY || !columns || env.CI || env.HOP3_NO_PROGRESS === '1') return undefined;
  const { default: ora } = await import('ora');
  const spinner = ora({ text, stream: process.stderr, discardStdin: false }).start();
  return () => {
    if (spinner.isSpinning) spinner.stop();
  };
}
