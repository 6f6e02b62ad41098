// Hidden commands of the app-user boundary: creating app users (root, through sudo) and the build worker
// (run as an app user by the pipeline).
import { Hop3Error } from '../../errors.js';
import { defineCommand, type CommandSpec } from '../spec.js';

const PLAIN_PATH = /^\/[A-Za-z0-9._/-]+$/;

function homeOption(value: string | boolean | undefined): string {
  if (typeof value !== 'string' || !PLAIN_PATH.test(value)) {
    throw new Hop3Error('E_USAGE', '--home must be a plain absolute path');
  }
  return value;
}

/** `priv:app-user` and `priv:app-user-remove` (root only; the hop3 user reaches them through sudoers). */
export const identityCommands: CommandSpec[] = [
  defineCommand({
    name: 'priv:app-user',
    summary: "create an app's unix user and directories (root)",
    usage: '--home HOME APP',
    internal: true,
    root: true,
    args: { min: 1, max: 1 },
    options: { home: { type: 'string', valueName: 'HOME', description: 'HOP3_HOME' } },
    async run(ctx, { positionals, options }) {
      const { validateAppName } = await import('../../domain/names.js');
      const { createPaths } = await import('../../paths.js');
      const { provisionAppUser } = await import('../../identity/provision.js');
      const { run } = await import('../../proc/run.js');
      const app = validateAppName(positionals[0] ?? '');
      ctx.print(await provisionAppUser(run, createPaths(homeOption(options.home)), app));
      return 0;
    },
  }),
  defineCommand({
    name: 'priv:app-user-remove',
    summary: "remove an app's unix user (root)",
    usage: '--home HOME APP',
    internal: true,
    root: true,
    args: { min: 1, max: 1 },
    options: { home: { type: 'string', valueName: 'HOME', description: 'HOP3_HOME' } },
    async run(_ctx, { positionals, options }) {
      const { validateAppName } = await import('../../domain/names.js');
      const { removeAppUser } = await import('../../identity/provision.js');
      const { run } = await import('../../proc/run.js');
      homeOption(options.home);
      await removeAppUser(run, validateAppName(positionals[0] ?? ''));
      return 0;
    },
  }),
  defineCommand({
    name: 'build-worker',
    summary:
      'build one release as the app user (job as JSON on stdin, result as one marked line on stdout)',
    usage: '',
    internal: true,
    args: { min: 0, max: 0 },
    async run(ctx) {
      const { runBuildWorker } = await import('../../pipeline/build-worker.js');
      const { buildWorkerServices } = await import('../../container.js');
      return runBuildWorker(ctx.stdout, buildWorkerServices);
    },
  }),
];
