// What every contract suite checks first: the definition carries its kind and name, and the instance has the
// members its kind requires (what the container checks when it loads a plugin).
import assert from 'node:assert/strict';
import {
  PLUGIN_META,
  REQUIRED_MEMBERS,
  SDK_VERSION,
  type PluginDefinition,
  type PluginKind,
} from '../../lib/sdk.js';

/** Asserts `definition` is a `define<Kind>(name, ...)` plugin of this SDK and `instance` has its kind's members. */
export function checkDefinition(
  definition: PluginDefinition<unknown>,
  kind: PluginKind,
  name: string,
  instance: object,
): void {
  const meta = definition[PLUGIN_META];
  assert.equal(meta.kind, kind, `defined as a ${meta.kind} plugin, not a ${kind}`);
  assert.equal(meta.name, name);
  assert.equal(
    meta.sdkVersion.split('.')[0],
    SDK_VERSION.split('.')[0],
    `built for SDK ${meta.sdkVersion}`,
  );
  const missing = REQUIRED_MEMBERS[kind].filter((m) => !(m in instance));
  assert.deepEqual(missing, [], `the ${kind} ${name} misses ${missing.join(', ')}`);
}

/** Polls `probe` until it returns something other than undefined. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
