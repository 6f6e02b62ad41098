// settings.json as setup writes it: options over the existing file over the defaults.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_SETTINGS } from '../../lib/settings.js';
import {
  dropRootTrustedKeys,
  mergeSettings as mergeCore,
  settingsText,
  validatePort,
  type SettingsOptions,
} from '../../lib/setup/settings-file.js';
import { UWSGI_SECTION } from '../../plugins/deployers/uwsgi/settings.js';
import { NGINX_SECTION, nginxSettings } from '../../plugins/proxies/nginx/settings.js';

// The sections of the default host plugins (the nginx proxy and the uwsgi supervisor), as setup passes them.
const SECTIONS = [
  { name: 'nginx', ...NGINX_SECTION },
  { name: 'uwsgi', ...UWSGI_SECTION },
];
const mergeSettings = (
  existing: Record<string, unknown> | undefined,
  options: SettingsOptions,
): ReturnType<typeof mergeCore> => mergeCore(existing, options, SECTIONS);
const DEFAULT_NGINX = nginxSettings(DEFAULT_SETTINGS);

const none = { domain: undefined, gitHttpPort: undefined };

describe('mergeSettings', () => {
  it('writes the host fields with their defaults on the first run', () => {
    const { raw, settings } = mergeSettings(undefined, {
      domain: 'Example.TEST',
      gitHttpPort: undefined,
    });
    assert.deepEqual(raw, {
      domain: 'example.test',
      gitHttpPort: 8822,
      hop3Command: '/usr/local/bin/hop3',
      pluginsDir: '/usr/local/lib/hop3/plugins',
      nginx: {
        binary: '/usr/sbin/nginx',
        reload: ['/usr/sbin/nginx', '-s', 'reload'],
        sitesDir: '/etc/hop3/nginx',
        httpPort: 80,
      },
      uwsgi: { binary: '/usr/bin/uwsgi', emperorDir: '/var/lib/hop3/emperor' },
      isolation: 'app-users',
    });
    assert.deepEqual(settings, {
      ...DEFAULT_SETTINGS,
      domain: 'example.test',
      isolation: 'app-users',
      sections: { nginx: raw.nginx, uwsgi: raw.uwsgi },
    });
  });

  it('replaces the old sudo reload command: root reloads nginx now', () => {
    const old = {
      domain: 'a.test',
      nginx: { reload: ['sudo', '-n', '/usr/sbin/nginx', '-s', 'reload'], httpPort: 8080 },
    };
    const { settings } = mergeSettings(old, none);
    assert.deepEqual(nginxSettings(settings).reload, ['/usr/sbin/nginx', '-s', 'reload']);
    assert.equal(nginxSettings(settings).httpPort, 8080);
  });

  it('drops the keys root trusts from a file a non-root user could write', () => {
    const raw = {
      domain: 'a.test',
      hop3Command: '/tmp/evil',
      pluginsDir: '/tmp/p',
      nginx: { reload: ['/tmp/evil'], httpPort: 8080 },
      uwsgi: { binary: '/tmp/u' },
    };
    assert.deepEqual(dropRootTrustedKeys(raw, SECTIONS), [
      'hop3Command',
      'pluginsDir',
      'nginx.reload',
      'uwsgi.binary',
    ]);
    const { settings } = mergeSettings(raw, none);
    assert.equal(settings.hop3Command, DEFAULT_SETTINGS.hop3Command);
    assert.deepEqual(nginxSettings(settings).reload, DEFAULT_NGINX.reload);
    assert.equal(nginxSettings(settings).httpPort, 8080);
  });

  it('requires a domain when the file has none', () => {
    assert.throws(() => mergeSettings(undefined, none), { code: 'E_USAGE' });
    assert.throws(() => mergeSettings({ gitHttpPort: 9000 }, none), { code: 'E_USAGE' });
  });

  it("keeps the existing domain, port and an administrator's own keys when no option is given", () => {
    const existing = {
      domain: 'apps.example.com',
      gitHttpPort: 9000,
      drainMs: 2000,
      nginx: { httpPort: 8080 },
    };
    const { raw, settings } = mergeSettings(existing, none);
    assert.equal(raw.domain, 'apps.example.com');
    assert.equal(raw.gitHttpPort, 9000);
    assert.equal(raw.drainMs, 2000);
    assert.equal(nginxSettings(settings).httpPort, 8080);
    assert.deepEqual(nginxSettings(settings).reload, DEFAULT_NGINX.reload);
  });

  it('lets the options win over the file', () => {
    const { settings } = mergeSettings(
      { domain: 'old.test', gitHttpPort: 9000 },
      { domain: 'new.test', gitHttpPort: 8900 },
    );
    assert.equal(settings.domain, 'new.test');
    assert.equal(settings.gitHttpPort, 8900);
  });

  it('is stable: merging its own output changes nothing', () => {
    const { raw } = mergeSettings(undefined, { domain: 'example.test', gitHttpPort: 8822 });
    assert.equal(settingsText(mergeSettings(raw, none).raw), settingsText(raw));
  });

  it('rejects an invalid domain, port or existing value', () => {
    assert.throws(
      () => mergeSettings(undefined, { domain: 'bad_domain', gitHttpPort: undefined }),
      { code: 'E_INVALID_VALUE' },
    );
    assert.throws(() => mergeSettings(undefined, { domain: 'ok.test', gitHttpPort: 70000 }), {
      code: 'E_INVALID_VALUE',
    });
    assert.throws(() => mergeSettings({ domain: 'ok.test', gitHttpPort: 'x' }, none), {
      code: 'E_SETUP',
    });
    assert.throws(() => validatePort(0), { code: 'E_INVALID_VALUE' });
    assert.equal(validatePort(65535), 65535);
  });
});
