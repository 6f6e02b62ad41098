// The system nginx: an include of hop3's root-owned site directory in conf.d, validated, then started or reloaded.
import { lstatSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Hop3Error } from '../errors.js';
import type { RenderTemplate } from '../templates/render.js';
import type { SetupContext } from './context.js';
import { runningFromPidFile, systemctl } from './daemons.js';
import { writeHostFile } from './host-files.js';

/** The conf.d file that makes the system nginx serve every `<nginxDir>/*.conf`, with hop3's 404 for unknown hosts on `port`. */
export function nginxIncludeText(render: RenderTemplate, nginxDir: string, port: number): string {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Hop3Error('E_SETUP', `nginx.httpPort ${port} is not a TCP port`, { hint: 'set nginx.httpPort in settings.json' });
  }
  return render('setup/nginx-include.conf.njk', { sites: join(nginxDir, '*.conf'), port });
}

/**
 * Removes the distribution's enabled welcome site (a symlink into sites-available, which stays): it claims
 * default_server on port 80 like hop3's include does. A site an admin wrote there is refused, not removed.
 */
export function disableDefaultSite(ctx: Pick<SetupContext, 'system' | 'changes' | 'log'>): void {
  const file = ctx.system.nginxDefaultSite;
  let isLink: boolean;
  try {
    isLink = lstatSync(file).isSymbolicLink();
  } catch {
    return;
  }
  if (isLink) {
    rmSync(file);
    ctx.changes.push('nginx default site disabled');
    ctx.log.info(`disabled nginx's welcome site (${file}): hop3 answers unknown hosts with its own 404`);
  } else if (/default_server/.test(readFileSync(file, 'utf8'))) {
    throw new Hop3Error('E_SETUP', `${file} claims default_server, which hop3's nginx include needs`, {
      hint: `remove "default_server" from ${file} (or the file itself), then run hop3 setup again`,
    });
  }
}

/** Writes the conf.d include (mode 0644, root). Returns true when it changed. */
export async function installNginxInclude(ctx: SetupContext): Promise<boolean> {
  const sites = ctx.settings.nginx.sitesDir;
  ctx.log.step(`Including ${sites}/*.conf in the system nginx (${ctx.system.nginxInclude})`);
  const changed = await writeHostFile(ctx.system.nginxInclude, nginxIncludeText(ctx.render, sites, ctx.settings.nginx.httpPort), {
    mode: 0o644,
    owner: { uid: 0, gid: 0 },
  });
  if (changed) ctx.changes.push('nginx include');
  ctx.log.info(changed ? 'written' : 'ok');
  disableDefaultSite(ctx);
  return changed;
}

/** Checks the whole configuration with `nginx -t`, then starts nginx or reloads the running one. */
export async function startNginx(ctx: SetupContext): Promise<void> {
  ctx.log.step('Starting nginx');
  const nginx = ctx.settings.nginx.binary;
  const test = await ctx.run(nginx, ['-t', '-q'], { reject: false });
  if (test.exitCode !== 0) {
    throw new Hop3Error('E_SETUP', 'nginx -t rejected the configuration', {
      details: test.all.trim(),
      hint: `fix the file it names (hop3 wrote ${ctx.system.nginxInclude} and ${ctx.settings.nginx.sitesDir}/*.conf)`,
    });
  }
  if (ctx.manager === 'systemd') {
    await systemctl(ctx, ['enable', '--now', 'nginx']);
    await systemctl(ctx, ['reload', 'nginx']);
    ctx.log.info('enabled, running, configuration reloaded');
  } else if (runningFromPidFile(ctx.system.nginxPid, 'nginx')) {
    await ctx.run(nginx, ['-s', 'reload']);
    ctx.log.info('running; configuration reloaded');
  } else {
    await ctx.run(nginx, []);
    ctx.changes.push('nginx started');
    ctx.log.info(`started (${nginx})`);
  }
}
