// `hop3 setup --with postgres` (as root): Debian's PostgreSQL, its clusters started (systemd unit, or
// pg_ctlcluster without systemd), and an admin role for hop3's OS user: peer authentication over the
// unix socket, CREATEROLE and CREATEDB, not a superuser, no password stored anywhere.
import { Hop3Error, type AddonServer, type RunCommand } from '../../../lib/sdk.js';

const SOCKET_DIR = '/var/run/postgresql';

interface Cluster {
  version: string;
  name: string;
  port: number;
  online: boolean;
}

async function clusters(run: RunCommand): Promise<Cluster[]> {
  const out = await run('pg_lsclusters', ['-h']);
  return out.stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length >= 4 && /^\d+$/.test(f[0] ?? ''))
    .map(([version = '', name = '', port = '', status = '']) => ({
      version,
      name,
      port: Number(port),
      online: status.startsWith('online'),
    }));
}

async function firstCluster(run: RunCommand): Promise<Cluster> {
  const [first] = await clusters(run);
  if (!first) {
    throw new Hop3Error('E_ADDON_SERVER', 'PostgreSQL is installed but has no cluster', {
      hint: 'create one as root: pg_createcluster <version> main',
    });
  }
  return first;
}

/** The postgres plugin's server setup. */
export function postgresServer(run: RunCommand): AddonServer {
  return {
    packages: ['postgresql', 'postgresql-client'],
    async start(manager) {
      if (manager === 'systemd') {
        await run('systemctl', ['enable', '--now', 'postgresql'], { timeoutMs: 120_000 });
      } else {
        for (const c of await clusters(run))
          if (!c.online)
            await run('pg_ctlcluster', [c.version, c.name, 'start'], { timeoutMs: 120_000 });
      }
      const c = await firstCluster(run);
      if (!c.online)
        throw new Hop3Error(
          'E_ADDON_SERVER',
          `PostgreSQL cluster ${c.version}/${c.name} did not start`,
          { hint: `see /var/log/postgresql/postgresql-${c.version}-${c.name}.log` },
        );
      return `running: cluster ${c.version}/${c.name} on port ${c.port}`;
    },
    async grantAdmin(user) {
      if (!/^[a-z_][a-z0-9_-]{0,31}$/.test(user))
        throw new Hop3Error('E_INVALID_NAME', `invalid user name ${JSON.stringify(user)}`);
      const role = `"${user}"`;
      const sql = `DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${user}') THEN CREATE ROLE ${role} LOGIN CREATEROLE CREATEDB;
  ELSE ALTER ROLE ${role} LOGIN CREATEROLE CREATEDB; END IF;
END $$;\n`;
      const c = await firstCluster(run);
      await run(
        'runuser',
        [
          '-u',
          'postgres',
          '--',
          'psql',
          '-X',
          '-q',
          '-v',
          'ON_ERROR_STOP=1',
          '-h',
          SOCKET_DIR,
          '-p',
          String(c.port),
          '-d',
          'postgres',
        ],
        {
          input: sql,
          timeoutMs: 60_000,
        },
      );
      return { socketDir: SOCKET_DIR, port: c.port, user, host: '127.0.0.1' };
    },
  };
}
