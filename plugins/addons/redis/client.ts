// redis-cli as an addon's client: the password goes in REDISCLI_AUTH (never on argv), and since
// redis-cli exits 0 even when authentication fails, its output is what tells success.
import {
  Hop3Error,
  type AddonCredential,
  type RunCommand,
  type RunResult,
} from '../../../lib/sdk.js';

/** Runs redis-cli against the instance with its password. */
export function cli(
  run: RunCommand,
  credential: AddonCredential,
  args: readonly string[],
  timeoutMs = 15_000,
): Promise<RunResult> {
  const v = credential.values;
  return run(
    'redis-cli',
    ['--no-auth-warning', '-h', v.host ?? '127.0.0.1', '-p', v.port ?? '', ...args],
    {
      env: { REDISCLI_AUTH: v.password ?? '' },
      reject: false,
      timeoutMs,
    },
  );
}

/** True when the instance answers PING with its password. */
export async function answers(run: RunCommand, credential: AddonCredential): Promise<boolean> {
  const result = await cli(run, credential, ['ping'], 5000);
  return result.exitCode === 0 && result.stdout.trim() === 'PONG';
}

/** Waits until the instance answers, or throws E_ADDON_SERVER after `timeoutMs`. */
export async function waitUntilAnswers(
  run: RunCommand,
  credential: AddonCredential,
  why: () => string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await answers(run, credential))) {
    if (Date.now() > deadline) {
      throw new Hop3Error(
        'E_ADDON_SERVER',
        `redis addon ${credential.instance} did not answer on port ${credential.values.port ?? '?'} within ${timeoutMs / 1000} s`,
        {
          details: why(),
          hint: "hop3's process supervisor runs it: check that it runs (hop3 setup starts it)",
        },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
