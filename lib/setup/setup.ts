// Host setup (root): packages, the hop3 user, directories, settings, sudoers, the plugin directory, each host
// plugin's own set-up (the chosen proxy's and supervisor's included), ssh key, services.
import { readFileSync } from 'node:fs';
import { Hop3Error } from '../errors.js';
import type { Reporter } from '../output/reporter.js';
import { createPaths } from '../paths.js';
import { checkHostChoices, hostPlugins } from '../plugins/host.js';
import type { LoadedPlugin, PluginRegistry } from '../plugins/registry.js';
import type { RunCommand } from '../proc/run.js';
import type { HostSetup, OperatingSystem } from '../sdk.js';
import type { Settings } from '../settings.js';
import type { RenderTemplate } from '../templates/render.js';
import { SYSTEM_FILES, type SetupContext } from './context.js';
import { setupAddonServers, verifyAddonServers, parseWith } from './addon-servers.js';
import { ensureDirectService } from './direct.js';
import { runningFromPidFile, systemctl } from './daemons.js';
import { writeHostFile } from './host-files.js';
import { installStamp } from './install-stamp.js';
import { ensureLayout } from './layout.js';
import { parseOsRelease, pickOs } from './os-release.js';
import { runPrepareAsHop3 } from './prepare.js';
import { collectServices } from './services.js';
import { dropUntrustedKeys, ensurePluginsDirStep, readSettingsForRoot } from './privilege.js';
import { mergeSettings, settingsText, type NamedSection } from './settings-file.js';
import { startSshd } from './sshd.js';
import { installSshKey, readPublicKeyFile } from './ssh-key.js';
import { setupIsolation } from './isolation.js';
import { hop3SudoRules, installSudoers } from './sudoers.js';
import { hostAddress, printNextSteps } from './summary.js';
import { installSystemdServices } from './systemd.js';
import { ensureHop3User } from './user.js';

/** Options of `hop3 setup`. */
export interface SetupOptions {
  home: string;
  log: Reporter;
  domain: string | undefined;
  sshKeyFile: string | undefined;
  gitHttpPort: number | undefined;
  startServices: boolean;
  /** `--with postgres,mysql,redis`: addon servers to install, start and give hop3 admin access to. */
  withAddons?: string | undefined;
  /** The plugins and tools for these settings, from the composition root (lib/container.ts setupServices). */
  wire: (settings: Settings) => Promise<SetupServices>;
}

/** What setup gets from the composition root. */
export interface SetupServices {
  plugins: PluginRegistry;
  run: RunCommand;
  render: RenderTemplate;
}

/** The Debian packages hop3 itself needs at run time (host plugins add theirs: `packages`). */
export const RUNTIME_PACKAGES = [
  'git',
  'openssh-server',
  'sudo',
  'python3-venv',
  'build-essential',
  'curl',
] as const;

async function installPackages(
  os: OperatingSystem,
  packages: readonly string[],
  log: Reporter,
  changes: string[],
): Promise<void> {
  log.step(`Packages (${os.title})`);
  const installed = await os.installPackages(packages);
  if (installed.length > 0) changes.push('packages');
  log.info(
    installed.length > 0 ? `installed: ${installed.join(' ')}` : `ok: ${packages.join(' ')}`,
  );
}

/** The settings sections of the plugins that take part in host set-up. */
function sectionsOf(plugins: readonly LoadedPlugin[]): NamedSection[] {
  return plugins.flatMap((p) =>
    p.instance.settingsSection ? [{ name: p.name, ...p.instance.settingsSection }] : [],
  );
}

/** What a plugin's prepareHost() and startHost() work with. */
function hostSetup(ctx: SetupContext): HostSetup {
  return {
    manager: ctx.manager,
    user: { name: ctx.user.name, uid: ctx.user.uid, gid: ctx.user.gid },
    log: ctx.log,
    writeFile: (file, text, options) =>
      writeHostFile(file, text, { ...options, owner: { uid: 0, gid: 0 } }),
    systemctl: (args) => systemctl(ctx, args),
    running: runningFromPidFile,
    changed: (what) => ctx.changes.push(what),
  };
}

/** Runs one host hook of every host plugin in load order; a failure names the plugin. */
async function eachHostHook(
  plugins: readonly LoadedPlugin[],
  hook: 'prepareHost' | 'startHost',
  host: HostSetup,
): Promise<void> {
  for (const plugin of plugins) {
    const instance = plugin.instance;
    if (!instance[hook]) continue;
    try {
      await instance[hook](host);
    } catch (error) {
      if (error instanceof Hop3Error) throw error;
      throw new Hop3Error(
        'E_SETUP',
        `${plugin.kind} plugin ${plugin.name}: ${hook} failed: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  }
}

/**
 * The final settings: a first load of the plugins says which take part in host set-up and what their settings
 * sections are (no plugin acts on it); an untrusted file then loses their root-trusted keys too.
 */
async function finalSettings(
  options: SetupOptions,
  paths: ReturnType<typeof createPaths>,
): Promise<{ raw: Record<string, unknown>; settings: Settings }> {
  const existing = readSettingsForRoot(paths.settings, options.log);
  const provisional = mergeSettings(existing.raw, options).settings;
  const first = await options.wire(provisional);
  const sections = sectionsOf(hostPlugins(first.plugins, provisional));
  dropUntrustedKeys(paths.settings, existing, sections, options.log);
  return mergeSettings(existing.raw, options, sections);
}

async function writeSettings(ctx: SetupContext, raw: Record<string, unknown>): Promise<void> {
  ctx.log.step(`Settings (${ctx.paths.settings})`);
  // root:hop3 0640: the hop3 user reads it, only root changes it (root runs the commands it names).
  const changed = await writeHostFile(ctx.paths.settings, settingsText(raw), {
    mode: 0o640,
    owner: { uid: 0, gid: ctx.user.gid },
  });
  if (changed) ctx.changes.push('settings.json');
  ctx.log.info(
    `${changed ? 'written' : 'ok'}: apps are served as <app>.${ctx.settings.domain}, HTTP push on port ${ctx.settings.gitHttpPort}`,
  );
}

async function startServices(
  ctx: SetupContext,
  specs: ReturnType<typeof collectServices>,
  start: boolean,
): Promise<void> {
  ctx.log.step(
    `Resident services (${ctx.manager === 'systemd' ? 'systemd units' : 'started directly, no systemd'})`,
  );
  const stamp = installStamp();
  if (ctx.manager === 'systemd') await installSystemdServices(ctx, specs, stamp, start);
  else if (!start)
    ctx.log.info(`not started (--no-services): ${specs.map((s) => s.name).join(', ')}`);
  else for (const spec of specs) await ensureDirectService(ctx, spec, stamp);
}

/** Sets up the host; idempotent: a second run changes nothing and says "ok" for every step. */
export async function setupHost(options: SetupOptions): Promise<void> {
  const { log } = options;
  if (!/^\/[A-Za-z0-9._/-]+$/.test(options.home)) {
    throw new Hop3Error(
      'E_SETUP',
      `HOP3_HOME ${JSON.stringify(options.home)} must be a plain absolute path`,
      { hint: 'e.g. /home/hop3' },
    );
  }
  const paths = createPaths(options.home);
  const { raw, settings } = await finalSettings(options, paths);
  const publicKey =
    options.sshKeyFile === undefined ? undefined : readPublicKeyFile(options.sshKeyFile);
  const container = await options.wire(settings);
  checkHostChoices(container.plugins, settings);
  const host = hostPlugins(container.plugins, settings);
  const os = pickOs(
    container.plugins,
    parseOsRelease(readFileSync('/etc/os-release', 'utf8')),
  ).instance;
  const addonTypes = parseWith(options.withAddons, container.plugins);
  const changes: string[] = [];
  const packages = [
    ...new Set([...RUNTIME_PACKAGES, ...host.flatMap((p) => p.instance.packages ?? [])]),
  ];
  await installPackages(os, packages, log, changes);
  const user = await ensureHop3User(os, paths.home, log, changes);
  const ctx: SetupContext = {
    paths,
    settings,
    log,
    run: container.run,
    render: container.render,
    user,
    manager: os.serviceManager(),
    system: SYSTEM_FILES,
    changes,
  };
  log.step(`Directories (${paths.home})`);
  const fixed = ensureLayout(
    paths,
    user,
    host.flatMap((p) => p.instance.homeDirs ?? []),
  );
  if (fixed.length > 0) changes.push('directories');
  log.info(fixed.length === 0 ? 'ok' : `created or fixed: ${fixed.join(' ')}`);
  await writeSettings(ctx, raw);
  await setupIsolation(ctx);
  await installSudoers(
    ctx,
    hop3SudoRules(
      settings,
      paths.home,
      host.flatMap((p) => p.instance.sudoCommands?.() ?? []),
    ),
  );
  ensurePluginsDirStep(ctx);
  await eachHostHook(host, 'prepareHost', hostSetup(ctx));
  await runPrepareAsHop3(ctx);
  if (publicKey) installSshKey(ctx, publicKey);
  const specs = collectServices(container.plugins, settings);
  if (options.startServices) {
    await startSshd(ctx);
    await eachHostHook(host, 'startHost', hostSetup(ctx));
  }
  await startServices(ctx, specs, options.startServices);
  await verifyAddonServers(
    ctx,
    await setupAddonServers(ctx, os, container.plugins, addonTypes, options.startServices),
  );
  log.step(
    changes.length === 0
      ? 'Setup done: nothing changed (this host was already set up)'
      : `Setup done; changed: ${changes.join(', ')}`,
  );
  printNextSteps(log, settings, hostAddress(), user.name);
}
