// The host names an app serves: each one valid and owned by no other app, whether it comes from the CLI or hop3.toml.
import type { AppConfig } from '../domain/app-config.js';
import { validateDomain } from '../domain/names.js';
import { Hop3Error } from '../errors.js';
import type { Settings } from '../settings.js';
import type { App } from '../state/apps.js';
import { domainTaken } from '../state/domains.js';
import type { State } from '../state/index.js';

/** What the checks read. */
export type DomainDeps = {
  state: Pick<State, 'apps' | 'domains'>;
  settings: Pick<Settings, 'domain'>;
};

/**
 * Returns `host` (lowercased) when `app` may serve it, else throws: E_DOMAIN_INVALID for localhost, an IP
 * address or a bad name, or a name `<other>.<domain>` reserved for the app `<other>`; E_DOMAIN_TAKEN naming
 * the app that already has it (as "another app" when `mayName` says the caller may not see that app).
 */
export function checkDomain(
  s: DomainDeps,
  app: string,
  host: string,
  mayName: (owner: string) => boolean = () => true,
): string {
  const name = validateDomain(host);
  const taken = (owner: string): Hop3Error => domainTaken(name, mayName(owner) ? owner : undefined);
  const suffix = `.${s.settings.domain}`;
  const label = name.endsWith(suffix) ? name.slice(0, -suffix.length) : undefined;
  if (label !== undefined && !label.includes('.') && label !== app) {
    if (s.state.apps.find(label)) throw taken(label);
    throw new Hop3Error(
      'E_DOMAIN_INVALID',
      `invalid domain ${JSON.stringify(name)}: it is reserved for an app named "${label}"`,
      {
        hint: `every app gets <app>.${s.settings.domain}: add a name of your own, or use a deeper one (www.${name})`,
      },
    );
  }
  const owner = s.state.domains.owner(name);
  if (owner && owner.app !== app) throw taken(owner.app);
  return name;
}

/** The hop3.toml [domains] names, each checked with checkDomain (a deploy calls it before building, to fail fast). */
export function checkTomlDomains(s: DomainDeps, app: string, config: AppConfig): string[] {
  return [...new Set((config.toml.domains?.list ?? []).map((h) => checkDomain(s, app, h)))];
}

/**
 * Records the release's hop3.toml [domains] as the app's, all or none, before the proxy sees them (one owner per
 * name, even across simultaneous deploys). Returns a function that puts the previous list back (on a failed deploy).
 */
export function claimTomlDomains(s: DomainDeps, app: App, config: AppConfig): () => void {
  const hosts = checkTomlDomains(s, app.name, config);
  const fromCli = new Set(s.state.domains.list(app.id, 'cli'));
  const previous = s.state.domains.setToml(
    app.id,
    hosts.filter((h) => !fromCli.has(h)),
  );
  return () => {
    try {
      s.state.domains.setToml(app.id, previous);
    } catch {
      // another app took one of the old names meanwhile: the app keeps what it has
    }
  };
}

/** Host names the app answers to: <app>.<domain>, then its domains (domains:add and its hop3.toml [domains]). */
export function appHosts(s: DomainDeps, app: App): string[] {
  return [...new Set([`${app.name}.${s.settings.domain}`, ...s.state.domains.list(app.id)])];
}
