// The contract every addon passes, against its real server: check() passes on a ready host; create()
// makes an instance whose attach() env reaches its data; info() says "available" and never shows a
// secret; a backup restores deleted data and a bad file is refused with the data untouched; two instances
// are separate; destroy() removes an instance (idempotently, also a half-made one) and its credentials
// stop working.
import assert from 'node:assert/strict';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Addon, AddonCredential, PluginDefinition, PluginDeps } from '../../lib/sdk.js';
import { checkDefinition } from './plugin.js';

/** Reads and writes one value ("greeting") with the env an app gets from the addon. */
export interface AddonClient {
  write(env: Record<string, string>, value: string): Promise<void>;
  /** The value, '' when there is none; throws when the credentials do not work. */
  read(env: Record<string, string>): Promise<string>;
}

/** A host where the addon's server runs, and the plugin's dependencies pointing at it. */
export interface AddonHost {
  home: string;
  deps: PluginDeps;
  stop(): Promise<void>;
}

/** What one addon's contract run needs. */
export interface AddonContractSpec {
  addon: PluginDefinition<Addon>;
  /** Its name (its folder under plugins/addons). */
  name: string;
  /** Starts (or finds) its server over a fresh home, as `hop3 setup --with` would. */
  start(): Promise<AddonHost>;
  client: AddonClient;
}

/** Keys whose value is a secret (masked by hop3 unless revealed). */
const SECRET_KEY = /password|secret|token|url$/i;

/** Registers the contract tests of one addon (node:test). */
export function addonContract(spec: AddonContractSpec): void {
  describe(`${spec.name} addon contract (real ${spec.name})`, () => {
    let host: AddonHost | undefined;
    let addon: Addon | undefined;
    const made: AddonCredential[] = [];
    const plugin = (): Addon => {
      assert.ok(addon, 'the addon did not start');
      return addon;
    };
    let first: AddonCredential;
    let env: Record<string, string> = {};
    let backup = '';

    before(async () => {
      host = await spec.start();
      addon = spec.addon(host.deps);
    });
    after(async () => {
      for (const credential of made) await addon?.destroy(credential);
      await host?.stop();
    });

    const create = async (instance: string): Promise<AddonCredential> => {
      const credential = await plugin().create({ instance, app: 'web' });
      made.push(credential);
      return credential;
    };

    it(`is an addon plugin named ${spec.name} with every member`, () => {
      checkDefinition(spec.addon, 'addon', spec.name, plugin());
      assert.match(plugin().description, /^[^\n]+$/);
      assert.match(plugin().backupExtension, /^[a-z0-9]+$/);
    });

    it('passes its check on a host where its server runs', async () => {
      await plugin().check();
    });

    it("creates an instance whose attach() env reaches the instance's data", async () => {
      first = await create(`contract-${spec.name}`);
      assert.equal(first.addonType, spec.name);
      assert.equal(first.instance, `contract-${spec.name}`);
      for (const [key, value] of Object.entries(first.values))
        assert.equal(typeof value, 'string', key);
      env = plugin().attach('web', first);
      assert.ok(Object.keys(env).length > 0, 'attach gives no variable');
      for (const [key, value] of Object.entries(env)) {
        assert.match(key, /^[A-Z][A-Z0-9_]*$/);
        assert.ok(value.length > 0, `${key} is empty`);
      }
      await spec.client.write(env, 'hello');
      assert.equal(await spec.client.read(env), 'hello');
    });

    it('says it is available in info(), showing no secret', async () => {
      const info = await plugin().info(first);
      assert.equal(info.status, 'available');
      const shown = Object.values(info).join('\n');
      for (const [key, value] of Object.entries(first.values)) {
        if (SECRET_KEY.test(key) && value.length >= 8)
          assert.ok(!shown.includes(value), `info() shows ${key}`);
      }
    });

    it('backs up to a file, and a restore brings changed data back', async () => {
      backup = join(host!.home, `contract.${plugin().backupExtension}`);
      await plugin().backup(first, backup);
      assert.ok(statSync(backup).size > 0, 'an empty backup');
      await spec.client.write(env, 'changed');
      await plugin().restore(first, backup);
      assert.equal(await spec.client.read(env), 'hello');
    });

    it('refuses to restore a file that is not its backup, with the data untouched', async () => {
      const bad = join(host!.home, `bad.${plugin().backupExtension}`);
      writeFileSync(bad, 'not a backup\n');
      await assert.rejects(plugin().restore(first, bad), { code: 'E_BACKUP_INVALID' });
      assert.equal(await spec.client.read(env), 'hello');
    });

    it('keeps two instances apart', async () => {
      const second = await create(`contract-${spec.name}-2`);
      const other = plugin().attach('web', second);
      assert.notDeepEqual(other, env);
      assert.equal(await spec.client.read(other), '');
      await spec.client.write(other, 'second');
      assert.equal(await spec.client.read(env), 'hello');
      await plugin().destroy(second);
    });

    it('destroys an instance (again, and one never made) and its credentials stop working', async () => {
      await plugin().destroy(first);
      await assert.rejects(spec.client.read(env));
      const info = await plugin().info(first);
      assert.notEqual(info.status, 'available');
      await plugin().destroy(first);
      await plugin().destroy({ addonType: spec.name, instance: 'contract-never', values: {} });
      assert.ok(existsSync(backup), 'destroy removed a backup');
    });
  });
}
