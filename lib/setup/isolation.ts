// Setup of app users (root): the two groups, and the upgrade path — every existing app gets its user and its
// files. (What the supervisor needs to run apps as their users is its own prepareHost().)
import { existsSync, readdirSync } from 'node:fs';
import { APP_GROUP, READ_GROUP } from '../domain/app-user.js';
import { ensureGroup, provisionAppUser } from '../identity/provision.js';
import type { SetupContext } from './context.js';

const APP_NAME = /^[a-z][a-z0-9-]{0,62}$/;

/** Groups, memberships and the users of existing apps; idempotent. */
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
  const apps = existsSync(ctx.paths.apps)
    ? readdirSync(ctx.paths.apps).filter((a) => APP_NAME.test(a))
    : [];
  for (const app of apps) await provisionAppUser(ctx.run, ctx.paths, app);
  ctx.log.info(
    apps.length === 0
      ? 'ok'
      : `users ready for ${apps.length} app(s); running apps move to their user at their next deploy or restart`,
  );
}
