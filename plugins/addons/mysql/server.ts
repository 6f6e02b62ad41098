// `hop3 setup --with mysql` (as root): Debian's MariaDB, started (systemd unit, or its init script without
// systemd), and an admin user for hop3's OS user: unix_socket authentication (no password anywhere),
// every privilege on the databases named hop3_* only, and CREATE USER.
import { Hop3Error, type AddonServer, type RunCommand } from '../../../lib/sdk.js';

const SOCKET = '/run/mysqld/mysqld.sock';

async function alive(run: RunCommand): Promise<boolean> {
  const ping = await run(
    'mariadb-admin',
    ['--no-defaults', '--connect-timeout=2', `--socket=${SOCKET}`, 'ping'],
    { reject: false },
  );
  return ping.exitCode === 0;
}

/** The mysql plugin's server setup. */
export function mysqlServer(run: RunCommand): AddonServer {
  return {
    packages: ['mariadb-server', 'mariadb-client'],
    async start(manager) {
      if (manager === 'systemd') {
        await run('systemctl', ['enable', '--now', 'mariadb'], { timeoutMs: 120_000 });
      } else if (await alive(run)) {
        return `running (${SOCKET})`;
      } else {
        // Debian's init script creates /run/mysqld for the mysql user and starts mariadbd under mysqld_safe,
        // in the background of its own shell: setsid gives it a session of its own, so that nothing that
        // signals the process group of whoever ran setup (a test runner, a terminal) reaches the server.
        await run('setsid', ['service', 'mariadb', 'start'], { cwd: '/', timeoutMs: 120_000 });
      }
      if (!(await alive(run)))
        throw new Hop3Error('E_ADDON_SERVER', 'MariaDB did not start', {
          hint: 'see the output of: service mariadb start',
        });
      return `started (${SOCKET})`;
    },
    async grantAdmin(user) {
      if (!/^[a-z_][a-z0-9_-]{0,31}$/.test(user))
        throw new Hop3Error('E_INVALID_NAME', `invalid user name ${JSON.stringify(user)}`);
      const account = `'${user}'@'localhost'`;
      const sql = `CREATE USER IF NOT EXISTS ${account} IDENTIFIED VIA unix_socket;
GRANT ALL PRIVILEGES ON \`hop3\\_%\`.* TO ${account} WITH GRANT OPTION;
GRANT CREATE USER ON *.* TO ${account};\n`;
      await run(
        'mariadb',
        ['--no-defaults', '--protocol=socket', `--socket=${SOCKET}`, '--user=root', '--batch'],
        { input: sql, timeoutMs: 60_000 },
      );
      return { socket: SOCKET, user, host: '127.0.0.1', port: 3306 };
    },
  };
}
