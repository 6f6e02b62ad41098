// The scope of a caller, read from the state: local users and keys or tokens not limited are admins.
import type { State } from '../state/index.js';
import { adminScope, limitedScope, type Caller, type Scope } from './rules.js';

/** What this caller may use. */
export function scopeOf(state: State, caller: Caller): Scope {
  if (caller.kind === 'local') return adminScope(caller);
  const apps = state.access.appsOf(caller.kind, caller.name);
  return apps === undefined ? adminScope(caller) : limitedScope(caller, apps);
}
