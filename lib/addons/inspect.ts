// What `addons`, `addons:info` and `addons:types` show: addons with their apps and status, one addon in
// detail (secrets masked unless revealed), and the installed types with the state of their server.
import { isHop3Error } from '../errors.js';
import { secretValues } from '../domain/secrets.js';
import type { AddonServices } from './context.js';
import { addonPlugin, credentialOf, messageOf } from './context.js';
import { maskSecrets } from '../output/reporter.js';
import { applyPrefix, pluginEnv } from './env.js';
import { validateAddonName } from '../domain/addon-names.js';

/** One line of `addons`. */
export interface AddonListing {
  name: string;
  type: string;
  apps: string[];
  status: string;
}

async function statusOf(
  s: AddonServices,
  type: string,
  values: () => Record<string, string>,
  name: string,
): Promise<string> {
  try {
    return (await addonPlugin(s, type).info({ addonType: type, instance: name, values: values() }))
      .status;
  } catch (error) {
    return `unavailable: ${messageOf(error)}`;
  }
}

/** Every addon with the apps it is attached to and its status, then creations still being cleaned up. */
export async function listAddons(s: AddonServices): Promise<AddonListing[]> {
  const repo = s.state.addons;
  const rows: AddonListing[] = [];
  for (const row of repo.list()) {
    const apps = repo
      .attachments({ addonId: row.id })
      .map((a) => (a.prefix === null ? a.app : `${a.app} (${a.prefix}_)`));
    rows.push({
      name: row.name,
      type: row.type,
      apps,
      status: await statusOf(s, row.type, () => credentialOf(s, row).values, row.name),
    });
  }
  for (const c of repo.cleanups())
    rows.push({
      name: c.name,
      type: c.type,
      apps: [],
      status: `creation failed, cleanup pending${c.error ? `: ${c.error}` : ''}`,
    });
  return rows;
}

/** What `addons:info` shows: plugin facts (server, size, ...) beside these. */
export interface InfoView {
  name: string;
  type: string;
  createdAt: string;
  status: string;
  apps: { app: string; prefix: string | null; attachedAt: string; vars: string[] }[];
  env: Record<string, string>;
  [fact: string]: unknown;
}

/** `addons:info`: the addon, its apps and variables, its credential and what its plugin reports. */
export async function addonInfo(
  s: AddonServices,
  name: string,
  reveal: boolean,
): Promise<InfoView> {
  const repo = s.state.addons;
  const row = repo.get(validateAddonName(name));
  const credential = credentialOf(s, row);
  const facts = await addonPlugin(s, row.type)
    .info(credential)
    .catch((error: unknown) => ({
      status: `unavailable: ${isHop3Error(error) ? error.message : messageOf(error)}`,
    }));
  const apps = repo.attachments({ addonId: row.id }).map((a) => {
    const vars = Object.keys(applyPrefix(pluginEnv(s, a.app, credential), a.prefix));
    return { app: a.app, prefix: a.prefix, attachedAt: a.attachedAt, vars };
  });
  const env = pluginEnv(s, apps[0]?.app ?? row.name, credential);
  const secrets = reveal ? [] : [...secretValues(credential.values), ...secretValues(env)];
  const mask = (record: Record<string, string>): Record<string, string> =>
    Object.fromEntries(Object.entries(record).map(([k, v]) => [k, maskSecrets(v, secrets)]));
  return {
    ...mask(facts),
    name: row.name,
    type: row.type,
    createdAt: row.createdAt,
    status: maskSecrets(facts.status, secrets),
    apps,
    env: mask(env),
  };
}

/** Each installed addon type, its description, and whether its server is ready. */
export async function listTypes(
  s: AddonServices,
): Promise<{ type: string; description: string; server: string; hint?: string }[]> {
  const out = [];
  for (const plugin of s.plugins.all('addon')) {
    let server = 'ready';
    let hint: string | undefined;
    try {
      await plugin.instance.check();
    } catch (error) {
      server = messageOf(error);
      hint = isHop3Error(error) ? error.hint : undefined;
    }
    out.push({
      type: plugin.name,
      description: plugin.instance.description,
      server,
      ...(hint === undefined ? {} : { hint }),
    });
  }
  return out;
}
