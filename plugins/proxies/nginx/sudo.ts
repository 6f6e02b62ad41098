// The hop3 user's way to the privileged steps: `sudo -n <hop3> priv:proxy-* --home <home> [APP]`.
import { Hop3Error, type PluginDeps } from '../../../lib/sdk.js';

const ERROR_LINE = /^ !\s+(?!hint:)(.*)$/;

/** Runs one privileged proxy command through sudo; its one-line error becomes ours (E_PROXY_REJECTED). */
export async function runPrivileged(
  deps: Pick<PluginDeps, 'paths' | 'settings' | 'run'>,
  command: 'priv:proxy-install' | 'priv:proxy-remove' | 'priv:proxy-reload',
  app?: string,
  input?: string,
): Promise<void> {
  const args = [
    '-n',
    deps.settings.hop3Command,
    command,
    '--home',
    deps.paths.home,
    ...(app === undefined ? [] : [app]),
  ];
  const result = await deps.run('sudo', args, {
    reject: false,
    timeoutMs: 60_000,
    ...(input === undefined ? {} : { input }),
  });
  if (result.exitCode === 0) return;
  const lines = result.stderr.split('\n');
  const message = lines.map((l) => ERROR_LINE.exec(l)?.[1]).find((l) => l !== undefined);
  throw new Hop3Error(
    command === 'priv:proxy-reload' ? 'E_PROXY_RELOAD' : 'E_PROXY_REJECTED',
    message ?? `sudo ${command} exited with code ${result.exitCode}`,
    {
      details: result.all.trim(),
      hint: message
        ? undefined
        : 'check that hop3 setup installed the sudoers rules (/etc/sudoers.d/hop3)',
    },
  );
}
