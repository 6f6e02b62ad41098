// A push cannot reach root: a release command (run by the hop3 user) cannot write the nginx sites or the
// plugin directory, nor reload nginx or run a privileged step with arguments of its choosing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  appName,
  destroy,
  get,
  hostOf,
  requireE2eEnvironment,
  workingCopy,
  type WorkingCopy,
} from './helpers.js';

before(requireE2eEnvironment);

const PROBE = `#!/bin/sh
# Each attempt prints "<name>: allowed" or "<name>: denied"; the test expects only "denied".
try() { name=$1; shift; if "$@" >/dev/null 2>&1; then echo "probe $name: allowed"; else echo "probe $name: denied"; fi; }
try nginx-dir sh -c 'echo "server { listen 80; access_log /tmp/hop3-e2e-root.log; }" > /etc/hop3/nginx/zz-evil.conf'
try old-nginx-dir sh -c 'mkdir -p "$HOME/nginx" && echo "access_log /tmp/hop3-e2e-root.log;" > "$HOME/nginx/zz-evil.conf" && sudo -n /usr/sbin/nginx -s reload'
try plugins-dir sh -c 'echo "export default 1" > /usr/local/lib/hop3/plugins/evil.js'
try nginx-reload sudo -n /usr/sbin/nginx -s reload
try priv-other-home sh -c 'echo {} | sudo -n /usr/local/bin/hop3 priv:proxy-install --home /tmp x'
try priv-extra-arg sh -c 'echo {} | sudo -n /usr/local/bin/hop3 priv:proxy-install --home /home/hop3 x --debug'
try priv-crafted sh -c 'printf %s "{\\"app\\":\\"x\\",\\"hosts\\":[\\"x.test;access_log /tmp/hop3-e2e-root.log\\"],\\"upstreams\\":[],\\"static\\":[],\\"revision\\":\\"r\\"}" | sudo -n /usr/local/bin/hop3 priv:proxy-install --home /home/hop3 x'
try settings sh -c 'echo {} > /home/hop3/settings.json'
try root-log test -e /tmp/hop3-e2e-root.log
exit 0
`;

describe('a release command run by the hop3 user', () => {
  const app = appName('privilege');
  let wc: WorkingCopy;
  let output = '';
  before(async () => {
    wc = await workingCopy('static-site', app);
    await wc.commit({ 'probe.sh': PROBE, Procfile: 'static: public\nrelease: sh probe.sh\n' });
    const push = await wc.push();
    assert.equal(push.code, 0, push.stderr);
    output = push.stderr;
  });
  after(async () => {
    wc.cleanup();
    await destroy(app);
  });

  for (const name of [
    'nginx-dir',
    'old-nginx-dir',
    'plugins-dir',
    'nginx-reload',
    'priv-other-home',
    'priv-extra-arg',
    'priv-crafted',
    'settings',
    'root-log',
  ]) {
    it(`is denied: ${name}`, () => {
      assert.match(output, new RegExp(`probe ${name}: denied`), output);
    });
  }

  it('leaves the app served normally', async () => {
    assert.equal((await get(hostOf(app))).status, 200);
  });
});
