// `hop3 setup --with postgres,mysql,redis`: for each addon type, its server's packages (OS plugin), the
// server started (systemd unit, or directly), hop3's passwordless admin access, and the connection
// recorded in $HOP3_HOME/addons/servers.json (0600). Types recorded before are started again each run.
import { chownSync, mkdirSync } from 'node:fs';
import { addonKey } from '../addons/crypto.js';
import { addonsDir, keyFile, serversFile } from '../addons/layout.js';
import { readServerRecords } from '../sdk/addon-servers.js';
import { Hop3Error } from '../errors.js';
import type { PluginRegistry } from '../plugins/registry.js';
import type { OperatingSystem } from '../sdk.js';
import type { SetupContext } from './context.js';
import { writeHostFile } from './host-files.js';

/** Parses `--with postgres,mysql` into types, checking each is an installed addon plugin. */
export function parseWith(value: string | undefined, plugins: PluginRegistry): string[] {
  if (value === undefined) return [];
  const types = [
    ...new Set(
      value
        .split(',')
        .map((t) => t.trim())
        .filter((t) => t.length > 0),
    ),
  ];
  const known = plugins.all('addon').map((p) => p.name);
  const unknown = types.find((t) => !known.includes(t));
  if (unknown !== undefined) {
    throw new Hop3Error(
      'E_USAGE',
      `--with: unknown addon type "${unknown}" (available: ${known.join(', ')})`,
      { hint: 'e.g. --with postgres,mysql,redis' },
    );
  }
  return types;
}

/** The addons directory and the credential key, owned by the hop3 user (the key is made once, mode 0600). */
export function ensureAddonKey(ctx: SetupContext): void {
  mkdirSync(addonsDir(ctx.paths), { recursive: true, mode: 0o700 });
  chownSync(addonsDir(ctx.paths), ctx.user.uid, ctx.user.gid);
  addonKey(ctx.paths, true);
  chownSync(keyFile(ctx.paths), ctx.user.uid, ctx.user.gid);
}

/** Installs, starts (unless `start` is false) and grants each type's server; returns the types made ready. */
export async function setupAddonServers(
  ctx: SetupContext,
  os: OperatingSystem,
  plugins: PluginRegistry,
  asked: readonly string[],
  start = true,
): Promise<string[]> {
  ensureAddonKey(ctx);
  const records = readServerRecords(ctx.paths);
  const types = [...new Set([...asked, ...Object.keys(records)])].filter((t) =>
    plugins.all('addon').some((p) => p.name === t),
  );
  for (const type of types) {
    const server = plugins.get('addon', type).instance.server;
    ctx.log.step(`Addon server: ${type}`);
    if (!server) {
      ctx.log.info('nothing to set up (it needs no server)');
      continue;
    }
    const installed = await os.installPackages(server.packages);
    if (installed.length > 0) ctx.changes.push(`${type} packages`);
    ctx.log.info(
      installed.length > 0
        ? `installed: ${installed.join(' ')}`
        : `ok: ${server.packages.join(' ')}`,
    );
    if (!start) {
      ctx.log.info('not started (--no-services)');
      continue;
    }
    ctx.log.info(await server.start(ctx.manager));
    records[type] = await server.grantAdmin(ctx.user.name);
    if (Object.keys(records[type]).length > 0)
      ctx.log.info(`${ctx.user.name} has admin access (no password stored)`);
  }
  if (start && types.length > 0) {
    const changed = await writeHostFile(
      serversFile(ctx.paths),
      `${JSON.stringify(records, null, 2)}\n`,
      { mode: 0o600, owner: ctx.user },
    );
    if (changed) ctx.changes.push('addon servers recorded');
  }
  return start ? types : [];
}

/** Runs `hop3 addons:types` as the hop3 user and fails unless every type set up is ready. */
export async function verifyAddonServers(
  ctx: SetupContext,
  types: readonly string[],
): Promise<void> {
  if (types.length === 0) return;
  const result = await ctx.run(ctx.settings.hop3Command, ['addons:types', '--json'], {
    env: { HOP3_HOME: ctx.paths.home },
    reject: false,
    timeoutMs: 120_000,
  });
  let listed: { type: string; server: string; hint?: string }[];
  try {
    listed = JSON.parse(result.stdout) as typeof listed;
  } catch {
    throw new Hop3Error('E_SETUP', `${ctx.settings.hop3Command} addons:types failed`, {
      details: result.all.trim(),
    });
  }
  for (const type of types) {
    const found = listed.find((l) => l.type === type);
    if (found?.server !== 'ready') {
      throw new Hop3Error(
        'E_SETUP',
        `the ${type} server is not ready for ${ctx.user.name}: ${found?.server ?? 'not listed'}`,
        { hint: found?.hint },
      );
    }
    ctx.log.info(`${type}: ready for ${ctx.user.name}`);
  }
}
