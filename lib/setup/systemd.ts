// Resident services as systemd units rendered from templates/systemd/service.njk.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { constants } from 'node:os';
import { Hop3Error } from '../errors.js';
import type { ServiceSpec } from '../sdk.js';
import type { RenderTemplate } from '../templates/render.js';
import type { SetupContext } from './context.js';
import { systemctl } from './daemons.js';
import { writeHostFile } from './host-files.js';

const escapeSpecifiers = (text: string): string => text.replace(/%/g, '%%');

/** One ExecStart word: bare when it is plain, else double-quoted; `%` and `$` are escaped for systemd. */
export function systemdWord(word: string): string {
  const escaped = escapeSpecifiers(word).replace(/\$/g, '$$$$');
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(escaped)) return escaped;
  return `"${escaped.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** One Environment= assignment, double-quoted. */
export function systemdAssignment(name: string, value: string): string {
  return `"${escapeSpecifiers(`${name}=${value}`).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Returns the signal name if node knows it (SIGTERM, SIGQUIT, ...), else throws E_PLUGIN_SHAPE. */
export function checkSignal(signal: string | undefined, service: string): NodeJS.Signals {
  const name = signal ?? 'SIGTERM';
  if (name in constants.signals) return name as NodeJS.Signals;
  throw new Hop3Error(
    'E_PLUGIN_SHAPE',
    `service ${service}: unknown stop signal ${JSON.stringify(name)}`,
  );
}

/** What a unit needs besides the service itself. */
export interface UnitContext {
  user: string;
  home: string;
  /** The installed hop3 (a change rewrites the unit, which restarts the service). */
  stamp: string;
}

/** The text of `<spec.name>.service`. */
export function renderUnit(render: RenderTemplate, spec: ServiceSpec, unit: UnitContext): string {
  return render('systemd/service.njk', {
    name: spec.name,
    description: spec.description,
    user: spec.asRoot === true ? 'root' : unit.user,
    home: unit.home,
    stamp: unit.stamp,
    environment: [systemdAssignment('HOP3_HOME', unit.home)],
    execStart: spec.command.map(systemdWord).join(' '),
    killSignal: checkSignal(spec.stopSignal, spec.name),
  });
}

/** Writes every unit, reloads systemd when one changed, enables and starts them, and restarts changed ones. */
export async function installSystemdServices(
  ctx: SetupContext,
  specs: readonly ServiceSpec[],
  stamp: string,
  start: boolean,
): Promise<void> {
  const unit = { user: ctx.user.name, home: ctx.paths.home, stamp };
  const written: { spec: ServiceSpec; status: 'new' | 'changed' | 'same' }[] = [];
  for (const spec of specs) {
    const file = join(ctx.system.unitDir, `${spec.name}.service`);
    const existed = existsSync(file);
    const changed = await writeHostFile(file, renderUnit(ctx.render, spec, unit), {
      mode: 0o644,
      owner: { uid: 0, gid: 0 },
    });
    written.push({ spec, status: !changed ? 'same' : existed ? 'changed' : 'new' });
    if (changed) ctx.changes.push(`unit ${spec.name}`);
  }
  if (written.some((w) => w.status !== 'same')) await systemctl(ctx, ['daemon-reload']);
  for (const { spec, status } of written) {
    const what = status === 'same' ? 'unit ok' : status === 'new' ? 'unit written' : 'unit updated';
    if (!start) {
      ctx.log.info(`${spec.name}: ${what}`);
      continue;
    }
    await systemctl(ctx, ['enable', '--now', `${spec.name}.service`]);
    if (status === 'changed') await systemctl(ctx, ['restart', `${spec.name}.service`]);
    ctx.log.info(
      `${spec.name}: ${what}, enabled, ${status === 'changed' ? 'restarted' : 'running'}`,
    );
  }
}
