// Activate: start the new generation beside the old, health-check it, switch the proxy, retire the old.
import { setTimeout as sleep } from 'node:timers/promises';
import type { AppConfig } from '../domain/app-config.js';
import { defaultInstances } from '../domain/procfile.js';
import { Hop3Error } from '../errors.js';
import type { Reporter } from '../output/reporter.js';
import type { BuildArtifact, DeploymentInfo, ProxySite } from '../sdk.js';
import type { App } from '../state/apps.js';
import { appHosts, claimTomlDomains } from './domains.js';
import { ensureDataDir } from './env.js';
import { waitHealthy } from './healthcheck.js';
import { resolveStatic } from './static-paths.js';
import type { Services } from './services.js';

/** What to activate. */
export interface Activation {
  app: App;
  release: number;
  /** The release directory the build lives in (`releases/<build number>`): static files must stay inside it. */
  dir: string;
  artifact: BuildArtifact;
  config: AppConfig;
  env: Record<string, string>;
  log: Reporter;
  /** Told each stage as it starts (deploys record it on their release). */
  onStage?: (stage: 'start' | 'healthcheck' | 'switch' | 'retire') => void;
}

/** The deployer for an artifact: the first (in name order) that accepts it. */
export function selectDeployer(s: Services, artifact: BuildArtifact) {
  const found = s.plugins.all('deployer').find((d) => d.instance.accept(artifact));
  if (!found) {
    throw new Hop3Error(
      'E_NO_DEPLOYER',
      `no deployer can run a "${artifact.kind}" build with no processes to start`,
      {
        hint: 'add a Procfile with a "web:", "wsgi:", "static:" or worker line',
      },
    );
  }
  return found;
}

/**
 * Instance counts: what `ps:scale` set (`counts`), else what the repository asks for (`wanted`: hop3.toml
 * [scale]), else the default of the process type (defaultInstances). A cron entry always runs one.
 */
export function formationFor(
  artifact: BuildArtifact,
  counts: Record<string, number>,
  wanted: Record<string, number> = {},
): Record<string, number> {
  return Object.fromEntries(
    artifact.runtime.processes.map((p) => [
      p.name,
      p.kind === 'cron' ? 1 : (counts[p.name] ?? wanted[p.name] ?? defaultInstances(p)),
    ]),
  );
}

/** Tells the user which process types start with no instance, and how to start them. */
function reportIdle(
  app: string,
  formation: Record<string, number>,
  counts: Record<string, number>,
  log: Reporter,
): void {
  const idle = Object.keys(formation).filter((p) => formation[p] === 0 && !(p in counts));
  if (idle.length === 0) return;
  log.info(
    `Not started (0 instances): ${idle.join(', ')}; start with: ps:scale ${app} ${idle.map((p) => `${p}=1`).join(' ')}`,
  );
}

/** Points the proxy at the new instances and waits until it really serves them. */
async function switchProxy(s: Services, site: ProxySite, log: Reporter): Promise<void> {
  const proxy = s.plugins.get('proxy', s.settings.proxy).instance;
  await log.timed(`Switching ${s.settings.proxy} to the new processes`, async () => {
    await proxy.setup(site);
    const host = site.hosts[0] ?? '';
    const deadline = Date.now() + 10_000;
    while ((await proxy.servedRevision(site.app, host)) !== site.revision) {
      if (Date.now() > deadline) {
        throw new Hop3Error(
          'E_PROXY_RELOAD',
          `${s.settings.proxy} did not start serving the new configuration within 10 s`,
          {
            hint: 'check that the proxy is running (hop3 setup starts it)',
          },
        );
      }
      await sleep(25);
    }
  });
}

/** Stops every generation of the app except `keep` (in whichever deployer holds it). */
export async function retireAll(s: Services, app: string, keep: number | undefined): Promise<void> {
  for (const d of s.plugins.all('deployer')) await d.instance.retire(app, keep);
}

/** Runs the new release beside the old one and switches to it; on failure the old one keeps serving. */
export async function activate(s: Services, a: Activation): Promise<DeploymentInfo> {
  const deployer = selectDeployer(s, a.artifact);
  const statics = resolveStatic(a.dir, a.artifact.runtime.static);
  const restoreDomains = claimTomlDomains(s, a.app, a.config);
  ensureDataDir(s.paths, a.app.name);
  const previous = a.app.deployment;
  const generation = s.state.apps.nextGeneration(a.app.id);
  const counts = s.state.formation.all(a.app.id);
  const formation = formationFor(a.artifact, counts, a.config.formation);
  reportIdle(a.app.name, formation, counts, a.log);
  let info: DeploymentInfo;
  const stage = a.onStage ?? ((): void => undefined);
  try {
    stage('start');
    const summary =
      Object.entries(formation)
        .map(([p, n]) => `${p}=${n}`)
        .join(' ') || 'static files';
    info = await a.log.timed(`Starting ${summary} with ${deployer.name}`, () =>
      deployer.instance.deploy({
        app: a.app.name,
        release: a.release,
        generation,
        artifact: a.artifact,
        env: a.env,
        formation,
        log: a.log,
      }),
    );
    stage('healthcheck');
    if (info.instances.length > 0) {
      await a.log.timed('Waiting for the health check', () =>
        waitHealthy(a.app.name, deployer.instance, info, a.artifact.runtime.healthcheck),
      );
    }
    const site: ProxySite = {
      app: a.app.name,
      hosts: appHosts(s, a.app),
      upstreams: info.upstreams,
      static: statics,
      revision: `${a.app.name}-v${a.release}-g${generation}`,
    };
    stage('switch');
    await switchProxy(s, site, a.log);
  } catch (error) {
    restoreDomains();
    await retireAll(s, a.app.name, previous?.generation);
    throw error;
  }
  s.state.apps.setLive(a.app.id, a.release, info);
  stage('retire');
  if (previous) await sleep(s.settings.drainMs);
  await retireAll(s, a.app.name, generation);
  return info;
}
