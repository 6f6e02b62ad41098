// hop3.toml [[addons]]: at each deploy, declared addons that do not exist are created and attached,
// so a first push of an app that needs a database just works. Nothing is ever detached or destroyed here.
import type { AppConfig } from '../domain/app-config.js';
import { Hop3Error } from '../errors.js';
import type { Reporter } from '../output/reporter.js';
import type { App } from '../state/apps.js';
import { recordAttach } from './attach.js';
import type { AddonServices } from './context.js';
import { createAddon } from './create.js';
import { isAddonName } from '../domain/addon-names.js';

/** The name of a declared addon: its `name`, else `<app>-<type>`. */
export function declaredName(
  app: string,
  declared: { type: string; name?: string | undefined },
): string {
  const name = declared.name ?? `${app}-${declared.type}`;
  if (!isAddonName(name)) {
    throw new Hop3Error(
      'E_HOP3_TOML',
      `hop3.toml: the ${declared.type} addon would be named "${name}", which is too long (at most 50)`,
      {
        hint: 'give it a name: [[addons]] type = "..." name = "shortname"',
      },
    );
  }
  return name;
}

/** Creates and attaches the app's declared addons (their variables join its environment when it starts). */
export async function provisionDeclaredAddons(
  s: AddonServices,
  app: App,
  config: AppConfig,
  log: Reporter,
): Promise<void> {
  const repo = s.state.addons;
  const appName = app.name;
  for (const declared of config.toml.addons ?? []) {
    const name = declaredName(appName, declared);
    const existing = repo.find(name);
    if (existing && existing.type !== declared.type) {
      throw new Hop3Error(
        'E_HOP3_TOML',
        `hop3.toml declares addon "${name}" as ${declared.type}, but it is a ${existing.type} addon`,
        {
          hint: 'give the declared addon another name',
        },
      );
    }
    if (!existing) await createAddon(s, { type: declared.type, name, app: appName, log });
    const id = repo.get(name).id;
    if (!repo.attachments({ addonId: id }).some((a) => a.appId === app.id)) {
      recordAttach(s, {
        name,
        app: appName,
        ...(declared.as === undefined ? {} : { prefix: declared.as }),
        log,
      });
    }
  }
}
