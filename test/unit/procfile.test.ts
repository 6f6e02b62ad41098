import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultInstances, parseProcfile } from '../../lib/domain/procfile.js';

describe('parseProcfile', () => {
  it('parses processes, hooks, static and comments', () => {
    const p = parseProcfile(
      [
        '# a comment',
        '',
        'web: node server.js --port $PORT',
        'worker:   sh worker.sh',
        'release: npm run migrate',
        'prebuild: echo pre',
        'postbuild: echo post',
        'static: public/',
        'cron: */5 * * * * sh cleanup.sh',
      ].join('\n'),
    );
    assert.deepEqual(p.processes, [
      { name: 'web', kind: 'web', command: 'node server.js --port $PORT' },
      { name: 'worker', kind: 'worker', command: 'sh worker.sh' },
      { name: 'cron', kind: 'cron', schedule: '*/5 * * * *', command: 'sh cleanup.sh' },
    ]);
    assert.equal(p.release, 'npm run migrate');
    assert.equal(p.prebuild, 'echo pre');
    assert.equal(p.postbuild, 'echo post');
    assert.equal(p.static, 'public');
  });

  it('keeps colons inside the command', () => {
    assert.equal(
      parseProcfile('web: node -e "a:b" http://x:1').processes[0]?.command,
      'node -e "a:b" http://x:1',
    );
  });

  it('parses wsgi targets', () => {
    assert.deepEqual(parseProcfile('wsgi: app:application').processes[0], {
      name: 'wsgi',
      kind: 'wsgi',
      command: 'app:application',
    });
    assert.throws(() => parseProcfile('wsgi: app; rm -rf /'), { code: 'E_PROCFILE' });
  });

  it('rejects the whole file for a line without a colon, naming the line', () => {
    assert.throws(
      () => parseProcfile('web: node server.js\nworker sh worker.sh'),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, 'E_PROCFILE');
        assert.match(error.message, /line 2/);
        assert.match(error.message, /worker sh worker\.sh/);
        return true;
      },
    );
  });

  it('rejects invalid names, empty commands, duplicates, web with wsgi, escaping static dirs', () => {
    for (const text of [
      'Web: x',
      'we b: x',
      'web:',
      'web: a\nweb: b',
      'web: a\nwsgi: app:app',
      'static: ../x',
      'static: /etc',
      'cron: * * * cmd',
    ]) {
      assert.throws(() => parseProcfile(text), { code: 'E_PROCFILE' }, text);
    }
  });

  it('parses rwsgi (a rackup file) and php (a document root) as HTTP-serving kinds', () => {
    assert.deepEqual(parseProcfile('rwsgi: config.ru').processes[0], {
      name: 'rwsgi',
      kind: 'rwsgi',
      command: 'config.ru',
    });
    assert.deepEqual(parseProcfile('php: public/').processes[0], {
      name: 'php',
      kind: 'php',
      command: 'public',
    });
    assert.deepEqual(parseProcfile('php: .').processes[0], {
      name: 'php',
      kind: 'php',
      command: '.',
    });
    assert.equal(parseProcfile('rwsgi: apps/api/config.ru\nworker: ruby w.rb').processes.length, 2);
  });

  it('rejects rwsgi and php paths that leave the app or that uWSGI would expand, and two serving processes', () => {
    for (const text of [
      'rwsgi: app.rb',
      'rwsgi: ../config.ru',
      'rwsgi: /etc/x.ru',
      'rwsgi: $(id).ru',
      'php: ../www',
      'php: /var/www',
      'php: pub%d',
      'php: a b',
      'web: x\nphp: .',
      'wsgi: app\nrwsgi: config.ru',
    ]) {
      assert.throws(() => parseProcfile(text), { code: 'E_PROCFILE' }, text);
    }
    assert.throws(() => parseProcfile('rwsgi: config.ru\nphp: public'), {
      message: /Procfile defines "rwsgi" and "php": only one process can serve HTTP/,
    });
  });
});

describe('Procfile: bare cron and scale defaults', () => {
  it('accepts a cron line without a schedule as a plain process, and still checks a schedule', () => {
    assert.deepEqual(parseProcfile('cron: python3 clock.py').processes[0], {
      name: 'cron',
      kind: 'worker',
      command: 'python3 clock.py',
    });
    assert.throws(() => parseProcfile('cron: */5 * * python3 x.py'), { code: 'E_PROCFILE' });
  });

  it('starts the HTTP process, cron entries and worker-named types with one instance, others with none', () => {
    const defaults = parseProcfile(
      [
        'web: node server.js',
        'worker: node worker.js',
        'worker-mail: node mail.js',
        'workers2: node w.js',
        'console: node console.js',
        'custom: echo hi',
        'cron: python3 clock.py',
        'cronjob: 0 3 * * * sh nightly.sh',
        'release: node migrate.js',
      ].join('\n'),
    ).processes.map((p) => [p.name, defaultInstances(p)]);
    assert.deepEqual(Object.fromEntries(defaults), {
      web: 1,
      worker: 1,
      'worker-mail': 1,
      workers2: 1,
      console: 0,
      custom: 0,
      cron: 0,
      cronjob: 1,
    });
    for (const text of ['wsgi: app:application', 'php: public', 'rwsgi: config.ru'])
      assert.equal(defaultInstances(parseProcfile(text).processes[0]!), 1, text);
  });
});
