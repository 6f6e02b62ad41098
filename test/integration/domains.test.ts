// Domain takeover through real pushes and commands: one app's hop3.toml or domains:add claiming another's name.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { httpGet } from '../helpers/nginx-server.js';
import { startStack, type Stack } from '../helpers/stack.js';

let stack: Stack;
before(async () => {
  stack = await startStack();
});
after(async () => {
  await stack.stop();
});

/** A static site answering `body`, with hop3.toml [domains] when given. */
function site(body: string, domains?: string[]): Record<string, string> {
  return {
    Procfile: 'static: .\n',
    'index.html': `${body}\n`,
    ...(domains ? { 'hop3.toml': `[domains]\nlist = ${JSON.stringify(domains)}\n` } : {}),
  };
}

const as = async (host: string): Promise<{ status: number; body: string }> => {
  const reply = await httpGet(stack.nginx.port, host, '/');
  return { status: reply.status, body: reply.body };
};

describe('one owner per domain', () => {
  it('serves the victim app on its hop3.toml domain', async () => {
    const alpha = await stack.app('alpha', site('alpha', ['shop.example']));
    const push = await alpha.push();
    assert.equal(push.code, 0, push.stderr);
    assert.deepEqual(await as('shop.example'), { status: 200, body: 'alpha\n' });
  });

  it("refuses a push whose hop3.toml claims another app's domain, naming the owner; the owner keeps serving it", async () => {
    const beta = await stack.app('beta', site('beta', ['shop.example']));
    const push = await beta.push();
    assert.notEqual(push.code, 0);
    assert.match(push.stderr, /domain shop\.example is already served by the app "alpha"/);
    assert.deepEqual(await as('shop.example'), { status: 200, body: 'alpha\n' });
    assert.equal((await stack.get('beta')).status, 404, 'nothing of beta was switched on');
    const restart = await stack.hop3(['restart', 'alpha']);
    assert.equal(restart.code, 0, restart.stderr);
    assert.deepEqual(await as('shop.example'), { status: 200, body: 'alpha\n' });
  });

  it("refuses the owner's default name, localhost and IP addresses in hop3.toml", async () => {
    for (const [domain, why] of [
      ['alpha.hop3.test', /already served by the app "alpha"/],
      ['localhost', /invalid domain "localhost"/],
      ['127.0.0.1', /IP address/],
    ] as const) {
      const app = `gamma-${domain.replace(/\./g, '-')}`;
      const copy = await stack.app(app, site('gamma', [domain]));
      const push = await copy.push();
      assert.notEqual(push.code, 0, domain);
      assert.match(push.stderr, why);
    }
    assert.deepEqual(await stack.get('alpha'), { status: 200, body: 'alpha\n' });
    assert.equal((await as('localhost')).status, 404);
  });

  it('deploys beta once it claims a name of its own', async () => {
    const beta = await stack.app('beta2', site('beta', ['beta.example']));
    const push = await beta.push();
    assert.equal(push.code, 0, push.stderr);
    assert.deepEqual(await as('beta.example'), { status: 200, body: 'beta\n' });
  });

  it('domains:add refuses a name another app serves (code 6), localhost and IPs (code 2)', async () => {
    const taken = await stack.hop3(['domains:add', 'beta2', 'shop.example']);
    assert.equal(taken.code, 6);
    assert.match(
      taken.stderr.split('\n')[0] ?? '',
      /domain shop\.example is already served by the app "alpha"/,
    );
    for (const name of ['localhost', '10.0.0.1', 'alpha.hop3.test']) {
      const r = await stack.hop3(['domains:add', 'beta2', name]);
      assert.notEqual(r.code, 0, name);
    }
    assert.deepEqual(await as('shop.example'), { status: 200, body: 'alpha\n' });
  });

  it("domains:add, domains and domains:remove manage an app's own names", async () => {
    const add = await stack.hop3(['domains:add', 'alpha', 'WWW.Alpha.example']);
    assert.equal(add.code, 0, add.stderr);
    assert.deepEqual(await as('www.alpha.example'), { status: 200, body: 'alpha\n' });
    const list = await stack.hop3(['domains', 'alpha']);
    assert.match(list.stdout, /alpha\.hop3\.test/);
    assert.match(list.stdout, /shop\.example {2}\(hop3\.toml\)/);
    assert.match(list.stdout, /^www\.alpha\.example$/m);
    const tomlOne = await stack.hop3(['domains:remove', 'alpha', 'shop.example']);
    assert.notEqual(tomlOne.code, 0);
    assert.match(tomlOne.stderr, /hop3\.toml/);
    const remove = await stack.hop3(['domains:remove', 'alpha', 'www.alpha.example']);
    assert.equal(remove.code, 0, remove.stderr);
    assert.equal((await as('www.alpha.example')).status, 404);
  });
});
