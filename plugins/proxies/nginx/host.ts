// The system nginx on the host (run by `hop3 setup` as root): an include of hop3's root-owned site directory
// in conf.d, the distribution's welcome site disabled, the configuration validated, then nginx started or reloaded.
import { lstatSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  Hop3Error,
  type HostSetup,
  type PluginDeps,
  type RenderTemplate,
} from '../../../lib/sdk.js';
import { nginxSettings } from './settings.js';

type Deps = Pick<PluginDeps, 'settings' | 'render' | 'run'>;

/** The conf.d file that makes the system nginx serve every `<sitesDir>/*.conf`, with hop3's 404 for unknown hosts on `port`. */
export function nginxIncludeText(render: RenderTemplate, sitesDir: string, port: number): string {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Hop3Error('E_SETUP', `nginx.httpPort ${port} is not a TCP port`, {
      hint: 'set nginx.httpPort in settings.json',
    });
  }
  return render('proxies/nginx/include.conf.njk', { sites: join(sitesDir, '*.conf'), port });
}

/**
 * Removes the distribution's enabled welcome site (a symlink into sites-available, which stays): it claims
 * default_server on port 80 like hop3's include does. A site an admin wrote there is refused, not removed.
 */
export function disableDefaultSite(file: string, host: Pick<HostSetup, 'changed' | 'log'>): void {
  let isLink: boolean;
  try {
    isLink = lstatSync(file).isSymbolicLink();
  } catch {
    return;
  }
  if (isLink) {
    rmSync(file);
    host.changed('nginx default site disabled');
    host.log.info(
      `disabled nginx's welcome site (${file}): hop3 answers unknown hosts with its own 404`,
    );
  } else if (/default_server/.test(readFileSync(file, 'utf8'))) {
    throw new Hop3Error(
      'E_SETUP',
      `${file} claims default_server, which hop3's nginx include needs`,
      {
        hint: `remove "default_server" from ${file} (or the file itself), then run hop3 setup again`,
      },
    );
  }
}

/** Writes the conf.d include (mode 0644, root) and disables the welcome site. Returns true when the include changed. */
export async function installNginxInclude(deps: Deps, host: HostSetup): Promise<boolean> {
  const nginx = nginxSettings(deps.settings);
  host.log.step(`Including ${nginx.sitesDir}/*.conf in the system nginx (${nginx.include})`);
  const changed = await host.writeFile(
    nginx.include,
    nginxIncludeText(deps.render, nginx.sitesDir, nginx.httpPort),
    { mode: 0o644 },
  );
  if (changed) host.changed('nginx include');
  host.log.info(changed ? 'written' : 'ok');
  disableDefaultSite(nginx.defaultSite, host);
  return changed;
}

/** Checks the whole configuration with `nginx -t`, then starts nginx or reloads the running one. */
export async function startNginx(deps: Deps, host: HostSetup): Promise<void> {
  host.log.step('Starting nginx');
  const nginx = nginxSettings(deps.settings);
  const test = await deps.run(nginx.binary, ['-t', '-q'], { reject: false });
  if (test.exitCode !== 0) {
    throw new Hop3Error('E_SETUP', 'nginx -t rejected the configuration', {
      details: test.all.trim(),
      hint: `fix the file it names (hop3 wrote ${nginx.include} and ${nginx.sitesDir}/*.conf)`,
    });
  }
  if (host.manager === 'systemd') {
    await host.systemctl(['enable', '--now', 'nginx']);
    await host.systemctl(['reload', 'nginx']);
    host.log.info('enabled, running, configuration reloaded');
  } else if (host.running(nginx.pidFile, 'nginx')) {
    await deps.run(nginx.binary, ['-s', 'reload']);
    host.log.info('running; configuration reloaded');
  } else {
    await deps.run(nginx.binary, []);
    host.changed('nginx started');
    host.log.info(`started (${nginx.binary})`);
  }
}
