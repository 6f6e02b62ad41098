// /etc/sudoers.d/hop3: the hop3 user may reload nginx as root, and nothing else.
import { Hop3Error } from '../errors.js';
import type { RenderTemplate } from '../templates/render.js';
import type { SetupContext } from './context.js';
import { writeHostFile } from './host-files.js';
import { WAKE_SCRIPT } from './isolation.js';

const PLAIN_PATH = /^\/[A-Za-z0-9._/-]+$/;

/** The sudoers rule that lets `user` run `<nginx> -s reload` as root without a password. */
export function sudoersText(render: RenderTemplate, user: string, nginxBinary: string, isolation?: { home: string; hop3Command: string }): string {
  if (!PLAIN_PATH.test(nginxBinary)) {
    throw new Hop3Error('E_SETUP', `settings.json: nginx.binary ${JSON.stringify(nginxBinary)} must be a plain absolute path`);
  }
  if (isolation && (!PLAIN_PATH.test(isolation.home) || !PLAIN_PATH.test(isolation.hop3Command))) {
    throw new Hop3Error('E_SETUP', 'HOP3_HOME and hop3Command must be plain absolute paths');
  }
  return render('setup/sudoers.njk', {
    user,
    command: `${nginxBinary} -s reload`,
    isolation: isolation !== undefined,
    home: isolation?.home ?? '',
    hop3Command: isolation?.hop3Command ?? '',
    wakeScript: WAKE_SCRIPT,
  });
}

/** Installs the sudoers rule (mode 0440) once `visudo -cf` accepted it. */
export async function installSudoers(ctx: SetupContext): Promise<void> {
  ctx.log.step(`Allowing ${ctx.user.name} to reload nginx (${ctx.system.sudoers})`);
  const isolation = ctx.settings.isolation === 'app-users' ? { home: ctx.paths.home, hop3Command: ctx.settings.hop3Command } : undefined;
  const text = sudoersText(ctx.render, ctx.user.name, ctx.settings.nginx.binary, isolation);
  const changed = await writeHostFile(ctx.system.sudoers, text, {
    mode: 0o440,
    owner: { uid: 0, gid: 0 },
    validate: async (candidate) => {
      const check = await ctx.run('visudo', ['-c', '-f', candidate], { reject: false });
      if (check.exitCode !== 0) {
        throw new Hop3Error('E_SETUP', `visudo refused the sudoers rule for ${ctx.user.name}`, { details: check.all.trim() });
      }
    },
  });
  if (changed) ctx.changes.push('sudoers rule');
  ctx.log.info(changed ? 'written' : 'ok');
}
