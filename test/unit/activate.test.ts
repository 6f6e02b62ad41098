// formationFor: the instance counts a deploy starts (ps:scale, then hop3.toml [scale], then Heroku's defaults).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadAppConfig } from '../../lib/domain/app-config.js';
import { parseProcfile } from '../../lib/domain/procfile.js';
import { formationFor } from '../../lib/pipeline/activate.js';
import type { BuildArtifact } from '../../lib/sdk.js';

const artifact = (procfile: string): BuildArtifact =>
  ({ runtime: { processes: parseProcfile(procfile).processes } }) as unknown as BuildArtifact;

const PROCFILE = [
  'web: node server.js',
  'worker: node worker.js',
  'console: node console.js',
  'custom: echo hi',
  'cron: */5 * * * * sh tick.sh',
].join('\n');

describe('formationFor', () => {
  it('starts web, worker and cron with one instance and the others with none', () => {
    assert.deepEqual(formationFor(artifact(PROCFILE), {}), {
      web: 1,
      worker: 1,
      console: 0,
      custom: 0,
      cron: 1,
    });
  });

  it('takes the repository counts over the defaults, and what ps:scale set over both', () => {
    const wanted = { console: 2, worker: 0, web: 3 };
    assert.deepEqual(formationFor(artifact(PROCFILE), { web: 2, custom: 1, cron: 5 }, wanted), {
      web: 2,
      worker: 0,
      console: 2,
      custom: 1,
      cron: 1,
    });
  });

  it('reads the counts from hop3.toml [scale], and one for each [run.workers] entry', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hop3-formation-'));
    try {
      writeFileSync(join(dir, 'Procfile'), PROCFILE);
      writeFileSync(
        join(dir, 'hop3.toml'),
        '[scale]\nconsole = 1\n\n[run.workers]\nmailer = "node mail.js"\n',
      );
      const config = loadAppConfig(dir);
      assert.deepEqual(config.formation, { mailer: 1, console: 1 });
      assert.deepEqual(
        formationFor(
          { runtime: { processes: config.procfile.processes } } as unknown as BuildArtifact,
          {},
          config.formation,
        ),
        { web: 1, worker: 1, console: 1, custom: 0, cron: 1, mailer: 1 },
      );
      writeFileSync(join(dir, 'hop3.toml'), '[scale]\nconsole = 99\n');
      assert.throws(() => loadAppConfig(dir), { code: 'E_HOP3_TOML' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
