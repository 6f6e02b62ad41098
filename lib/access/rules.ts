// The access rules: an admin may do anything; a limited key or token only what concerns its own apps.
// Pure functions over a Scope; lib/access/resolve.ts builds the scope of a caller from the state.
import { Hop3Error } from '../errors.js';
import type { PrincipalKind } from '../state/access.js';

/** Who is asking: an ssh key or a token by name, or someone on the host itself (always an admin). */
export type Caller = { kind: PrincipalKind; name: string } | { kind: 'local'; name: string };

/** What a caller may use: everything, or the listed apps. */
export type Scope =
  { caller: Caller; admin: true } | { caller: Caller; admin: false; apps: ReadonlySet<string> };

/** The scope of an admin caller. */
export function adminScope(caller: Caller): Scope {
  return { caller, admin: true };
}

/** The scope of a caller limited to `apps`. */
export function limitedScope(caller: Caller, apps: Iterable<string>): Scope {
  return { caller, admin: false, apps: new Set(apps) };
}

/** How a caller is named in messages: `ssh key "alice"`, `token "ci"`. */
export function describeCaller(caller: Caller): string {
  return caller.kind === 'key'
    ? `ssh key "${caller.name}"`
    : caller.kind === 'token'
      ? `token "${caller.name}"`
      : `local user "${caller.name}"`;
}

/** The name the caller has in `access:add` (tokens need --token). */
function grantHint(caller: Caller, app: string): string {
  return `an admin can grant access with: access:add ${app} ${caller.name}${caller.kind === 'token' ? ' --token' : ''}`;
}

/** True when the scope covers this app. */
export function mayUseApp(scope: Scope, app: string): boolean {
  return scope.admin || scope.apps.has(app);
}

/** Throws E_FORBIDDEN unless the scope covers this app. */
export function requireAppAccess(scope: Scope, app: string): void {
  if (mayUseApp(scope, app)) return;
  throw new Hop3Error('E_FORBIDDEN', `${describeCaller(scope.caller)} may not use app "${app}"`, {
    hint: grantHint(scope.caller, app),
  });
}

/** Throws E_FORBIDDEN unless the caller is an admin (host commands, keys, tokens, access). */
export function requireAdmin(scope: Scope, command: string): void {
  if (scope.admin) return;
  throw new Hop3Error(
    'E_FORBIDDEN',
    `${command} is for admins: ${describeCaller(scope.caller)} is limited to some apps`,
    {
      hint: 'ask an admin of this host to run it',
    },
  );
}

/** The items (apps, or anything named after an app) the scope covers, in their order. */
export function visibleApps<T>(scope: Scope, items: readonly T[], appOf: (item: T) => string): T[] {
  return scope.admin ? [...items] : items.filter((item) => scope.apps.has(appOf(item)));
}

/**
 * An addon is seen (listed, its variables shown or revealed) by whoever may use one of the apps it is
 * attached to: those apps already get its variables in their environment.
 */
export function mayViewAddon(scope: Scope, attachedTo: readonly string[]): boolean {
  return scope.admin || attachedTo.some((app) => scope.apps.has(app));
}

/**
 * An addon is changed (attached elsewhere, backed up, restored, destroyed) only by whoever may use every
 * app it is attached to; an addon attached to no app only by an admin.
 */
export function mayManageAddon(scope: Scope, attachedTo: readonly string[]): boolean {
  return scope.admin || (attachedTo.length > 0 && attachedTo.every((app) => scope.apps.has(app)));
}

/** Throws E_FORBIDDEN unless the scope may see (manage: change) the addon attached to these apps. */
export function requireAddonAccess(
  scope: Scope,
  addon: string,
  attachedTo: readonly string[],
  manage: boolean,
): void {
  if (manage ? mayManageAddon(scope, attachedTo) : mayViewAddon(scope, attachedTo)) return;
  const others = attachedTo.filter((app) => scope.admin || !scope.apps.has(app));
  const why =
    attachedTo.length === 0
      ? 'it is attached to no app of yours'
      : `it is attached to app${others.length === 1 ? '' : 's'} "${others.join('", "')}"`;
  throw new Hop3Error(
    'E_FORBIDDEN',
    `${describeCaller(scope.caller)} may not ${manage ? 'change' : 'see'} addon "${addon}": ${why}`,
    {
      hint:
        others[0] === undefined ? 'ask an admin of this host' : grantHint(scope.caller, others[0]),
    },
  );
}
