// Is MariaDB usable? The client is installed, the server answers on the socket, and the admin user may
// create users. Each failure names the fix.
import { Hop3Error, type PluginDeps } from '../../../lib/sdk.js';
import { adminSql, unreachable, type MyAdmin } from './connection.js';

const SETUP_HINT =
  'as root: hop3 setup --with mysql (installs and starts MariaDB and gives hop3 its admin user)';

/** Throws E_ADDON_SERVER when hop3 cannot manage databases on this MariaDB. */
export async function checkMysql(
  deps: Pick<PluginDeps, 'run' | 'which'>,
  admin: MyAdmin,
): Promise<void> {
  if (deps.which('mariadb') === undefined) {
    throw new Hop3Error('E_ADDON_SERVER', 'MariaDB is not installed here (no mariadb client)', {
      hint: SETUP_HINT,
    });
  }
  const probe = await adminSql(deps.run, admin, 'SELECT 1;');
  const out = probe.all.trim();
  if (probe.exitCode !== 0 && unreachable(out)) {
    throw new Hop3Error(
      'E_ADDON_SERVER',
      `MariaDB is not running (nothing answers on ${admin.socket})`,
      {
        details: out,
        hint: 'start it as root: hop3 setup --with mysql (or service mariadb start)',
      },
    );
  }
  if (probe.exitCode !== 0) {
    throw new Hop3Error('E_ADDON_SERVER', `MariaDB refuses hop3's admin user "${admin.user}"`, {
      details: out,
      hint: SETUP_HINT,
    });
  }
}
