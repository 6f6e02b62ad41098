// Host administration (local only): setup, boot, ssh-keys:add (admin or limited to apps), ssh-keys:list, ssh-keys:remove.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateTokenName } from '../../domain/names.js';
import { Hop3Error } from '../../errors.js';
import { addKey, parsePublicKey, readKeys, removeKey } from '../../ssh/authorized-keys.js';
import { defineCommand } from '../spec.js';
import { printShape } from '../print-json.js';
import { formatTable } from '../../output/table.js';
import { appIdsOption, appsLabel } from './shared.js';
import { appsSuffix, hostEvent } from '../record-event.js';

function readKeyFile(path: string): string {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch {
    throw new Hop3Error('E_INVALID_VALUE', `cannot read the public key file ${path}`, {
      hint: 'pass a readable .pub file, or - for stdin',
    });
  }
}

export const hostCommands = [
  defineCommand({
    name: 'setup',
    summary: 'set up this host: packages, the hop3 user, the proxy, services (idempotent, root)',
    usage: '--domain DOMAIN [--ssh-key FILE] [--git-http-port PORT] [--with postgres,mysql,redis]',
    localOnly: true,
    root: true,
    args: { min: 0, max: 0 },
    options: {
      domain: {
        type: 'string',
        valueName: 'DOMAIN',
        description: 'apps are served as <app>.DOMAIN',
      },
      'ssh-key': {
        type: 'string',
        valueName: 'FILE',
        description: 'public key allowed to push and run commands',
      },
      'git-http-port': {
        type: 'string',
        valueName: 'PORT',
        description: 'HTTP git push port (default 8822)',
      },
      'no-services': {
        type: 'boolean',
        description: 'write configuration but do not start services',
      },
      with: {
        type: 'string',
        valueName: 'TYPES',
        description: 'also install and start addon servers, e.g. postgres,mysql,redis',
      },
    },
    async run(ctx, { options }) {
      const { setupHost } = await import('../../setup/setup.js');
      const { setupServices } = await import('../../container.js');
      // On a terminal each step spins while it runs (ora); elsewhere the plain `-----> ` lines.
      const { startStepProgress } = await import('../../output/progress.js');
      const progress =
        ctx.via === 'local' ? await startStepProgress(ctx.stdout, ctx.env) : undefined;
      const log = progress?.reporter ?? ctx.reporter;
      try {
        await setupHost({
          wire: (settings) => setupServices(ctx.paths.home, settings, log),
          home: ctx.paths.home,
          log,
          domain: typeof options.domain === 'string' ? options.domain : undefined,
          sshKeyFile: typeof options['ssh-key'] === 'string' ? options['ssh-key'] : undefined,
          gitHttpPort:
            options['git-http-port'] === undefined ? undefined : Number(options['git-http-port']),
          startServices: options['no-services'] !== true,
          withAddons: typeof options.with === 'string' ? options.with : undefined,
        });
      } finally {
        progress?.stop();
      }
      return 0;
    },
  }),
  defineCommand({
    name: 'boot',
    summary:
      'after a reboot: start the proxy, sshd and hop3 services, then bring every app back at its current release (root)',
    usage: '',
    localOnly: true,
    root: true,
    args: { min: 0, max: 0 },
    async run(ctx) {
      const { setupHost } = await import('../../setup/setup.js');
      const { setupServices } = await import('../../container.js');
      await setupHost({
        wire: (settings) => setupServices(ctx.paths.home, settings, ctx.reporter),
        home: ctx.paths.home,
        log: ctx.reporter,
        domain: undefined,
        sshKeyFile: undefined,
        gitHttpPort: undefined,
        startServices: true,
      });
      const { dropToHomeOwner } = await import('../privileges.js');
      dropToHomeOwner(ctx.paths.home);
      const { bootApps } = await import('../../pipeline/boot.js');
      ctx.reporter.step('Apps');
      const failed = await bootApps(await ctx.services(), ctx.reporter);
      return failed === 0 ? 0 : 1;
    },
  }),
  defineCommand({
    name: 'ssh-keys:add',
    summary: 'allow a public key to push and run hop3 commands',
    usage: 'NAME FILE|- [--apps APP,...]',
    description:
      'Without --apps the key is an admin: every app, and host commands. With --apps it may use only those apps (see access:add).',
    localOnly: true,
    args: { min: 2, max: 2 },
    event: hostEvent(
      ({ positionals, options }) =>
        `added ssh key ${positionals[0] ?? ''}${appsSuffix(options.apps)}`,
    ),
    options: {
      apps: { type: 'string', valueName: 'APP,...', description: 'limit the key to these apps' },
    },
    run(ctx, { positionals, options }) {
      const name = validateTokenName(positionals[0] ?? '');
      const key = parsePublicKey(readKeyFile(positionals[1] ?? '-'));
      const appIds = typeof options.apps === 'string' ? appIdsOption(ctx, options.apps) : undefined;
      const file = join(ctx.paths.ssh, 'authorized_keys');
      // Limit before installing and promote after: a key is never an admin, even for a moment, unless asked.
      if (appIds !== undefined) ctx.state().access.limit('key', name, appIds);
      const changed = addKey(file, name, key, ctx.settings().hop3Command, ctx.paths.home);
      if (appIds === undefined) ctx.state().access.forget('key', name);
      const scope = appsLabel(ctx.state().access.appsOf('key', name));
      ctx.print(
        `${changed ? 'Added' : 'Kept'} ssh key ${name} (${scope === 'admin' ? 'admin: every app' : `apps: ${scope}`})`,
      );
      return 0;
    },
  }),
  defineCommand({
    name: 'ssh-keys:list',
    summary: 'list the ssh keys allowed to use hop3',
    usage: '[--json]',
    localOnly: true,
    args: { min: 0, max: 0 },
    options: { json: { type: 'boolean', description: 'print JSON' } },
    run(ctx, { options }) {
      const keys = readKeys(join(ctx.paths.ssh, 'authorized_keys'));
      const short = (data: string): string => `${data.slice(0, 12)}...${data.slice(-8)}`;
      if (options.json) {
        const { access } = ctx.state();
        const rows = keys.map((k) => ({
          name: k.name,
          type: k.type,
          key: short(k.data),
          apps: access.appsOf('key', k.name) ?? null,
        }));
        printShape((l) => ctx.print(l), 'sshKeysShape', rows);
      } else if (keys.length === 0)
        ctx.print('no ssh keys: add one with hop3 ssh-keys:add NAME FILE');
      else {
        const { access } = ctx.state();
        const rows = keys.map((k) => [
          k.name,
          k.type,
          short(k.data),
          appsLabel(access.appsOf('key', k.name)),
        ]);
        formatTable(['NAME', 'TYPE', 'KEY', 'APPS'], rows).forEach((l) => ctx.print(l));
      }
      return 0;
    },
  }),
  defineCommand({
    name: 'ssh-keys:remove',
    summary: 'remove an ssh key',
    usage: 'NAME',
    localOnly: true,
    args: { min: 1, max: 1 },
    event: hostEvent(({ positionals }) => `removed ssh key ${positionals[0] ?? ''}`),
    run(ctx, { positionals }) {
      const name = validateTokenName(positionals[0] ?? '');
      removeKey(join(ctx.paths.ssh, 'authorized_keys'), name);
      ctx.state().access.forget('key', name);
      ctx.print(`Removed ssh key ${name}`);
      return 0;
    },
  }),
];
