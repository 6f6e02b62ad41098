// Is PostgreSQL usable? The client is installed, the server answers on the socket, and the admin role
// exists with CREATEROLE and CREATEDB. Each failure names the fix.
import { Hop3Error, type PluginDeps } from '../../../lib/sdk.js';
import { adminSql, unreachable, type PgAdmin } from './connection.js';

const SETUP_HINT =
  'as root: hop3 setup --with postgres (installs and starts PostgreSQL and gives hop3 its admin role)';

/** Throws E_ADDON_SERVER when hop3 cannot manage databases on this PostgreSQL. */
export async function checkPostgres(
  deps: Pick<PluginDeps, 'run' | 'which'>,
  admin: PgAdmin,
): Promise<void> {
  if (deps.which('psql') === undefined) {
    throw new Hop3Error('E_ADDON_SERVER', 'PostgreSQL is not installed here (no psql)', {
      hint: SETUP_HINT,
    });
  }
  const probe = await adminSql(
    deps.run,
    admin,
    'SELECT rolcreaterole AND rolcreatedb FROM pg_roles WHERE rolname = current_user;',
  );
  const out = probe.all.trim();
  if (probe.exitCode !== 0 && unreachable(out)) {
    throw new Hop3Error(
      'E_ADDON_SERVER',
      `PostgreSQL is not running (nothing answers on ${admin.socketDir}, port ${admin.port})`,
      {
        details: out,
        hint: `start it as root: hop3 setup --with postgres (or pg_ctlcluster <version> main start)`,
      },
    );
  }
  if (probe.exitCode !== 0) {
    throw new Hop3Error('E_ADDON_SERVER', `PostgreSQL refuses hop3's admin role "${admin.user}"`, {
      details: out,
      hint: SETUP_HINT,
    });
  }
  if (probe.stdout.trim() !== 't') {
    throw new Hop3Error(
      'E_ADDON_SERVER',
      `PostgreSQL role "${admin.user}" lacks CREATEROLE or CREATEDB`,
      { hint: SETUP_HINT },
    );
  }
}
