// Setup of app users (root): the two groups, the emperor's root-owned directory and wake script, and the
// upgrade path — every existing app gets its user and its files.
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { APP_GROUP, READ_GROUP } from '../domain/app-user.js';
import { ensureGroup, provisionAppUser } from '../identity/provision.js';
import type { SetupContext } from './context.js';
import { writeHostFile } from './host-files.js';

/** The root-owned script that wakes the root emperor; the hop3 user runs it through sudo with no arguments. */
export const WAKE_SCRIPT = '/usr/local/lib/hop3/wake-emperor';

const APP_NAME = /^[a-z][a-z0-9-]{0,62}$/;

/** Groups, memberships, the emperor directory, the wake script and the users of existing apps; idempotent. */
export async function setupIsolation(ctx: SetupContext): Promise<void> {
  if (ctx.settings.isolation !== 'app-users') return;
  ctx.log.step('App users (every app runs as its own unix user)');
  await ensureGroup(ctx.run, APP_GROUP);
  await ensureGroup(ctx.run, READ_GROUP);
  // The agent and the proxy read static files, logs and run files through hop3-read, never world-readable modes.
  for (const member of [ctx.user.name, 'www-data']) {
    const groups = await ctx.run('id', ['-nG', member], { reject: false });
    if (groups.exitCode === 0 && !groups.stdout.split(/\s+/).includes(READ_GROUP)) {
      await ctx.run('usermod', ['-a', '-G', READ_GROUP, member]);
      ctx.changes.push(`${member} in ${READ_GROUP}`);
    }
  }
  const emperorDir = ctx.settings.uwsgi.emperorDir ?? '/var/lib/hop3/emperor';
  mkdirSync(emperorDir, { recursive: true, mode: 0o755 });
  const pidFile = `${emperorDir}/emperor.pid`;
  if (!/^\/[A-Za-z0-9._/-]+$/.test(pidFile)) throw new Error(`uwsgi.emperorDir ${JSON.stringify(emperorDir)} must be a plain absolute path`);
  mkdirSync(dirname(WAKE_SCRIPT), { recursive: true, mode: 0o755 });
  if (await writeHostFile(WAKE_SCRIPT, ctx.render('setup/wake-emperor.njk', { pidFile }), { mode: 0o755, owner: { uid: 0, gid: 0 } })) {
    ctx.changes.push('wake-emperor script');
  }
  const apps = existsSync(ctx.paths.apps) ? readdirSync(ctx.paths.apps).filter((a) => APP_NAME.test(a)) : [];
  for (const app of apps) await provisionAppUser(ctx.run, ctx.paths, app);
  ctx.log.info(
    apps.length === 0
      ? 'ok'
      : `users ready for ${apps.length} app(s); running apps move to their user at their next deploy or restart`,
  );
}
