// The privileged steps run only as root: declared root-only, and refused for any other uid.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMMANDS } from '../../lib/cli/commands/index.js';
import { requireRoot } from '../../lib/cli/privileges.js';

describe('privileged steps', () => {
  const priv = COMMANDS.filter((c) => c.name.startsWith('priv:'));

  it('are the proxy and app-user steps, each declared root-only and hidden', () => {
    assert.deepEqual(priv.map((c) => c.name).sort(), [
      'priv:app-user',
      'priv:app-user-remove',
      'priv:proxy-install',
      'priv:proxy-reload',
      'priv:proxy-remove',
    ]);
    for (const spec of priv) {
      assert.equal(spec.root, true, spec.name);
      assert.equal(spec.internal, true, spec.name);
    }
  });

  it('are refused for any uid but 0, with the command named', () => {
    assert.throws(() => requireRoot('priv:proxy-reload', 65534), {
      code: 'E_NOT_ALLOWED',
      message: '"priv:proxy-reload" must run as root',
    });
    assert.throws(() => requireRoot('priv:app-user', 1000), { code: 'E_NOT_ALLOWED' });
    assert.doesNotThrow(() => requireRoot('priv:app-user', 0));
  });
});
