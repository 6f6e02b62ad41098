// Which Debian package provides each binary hop3 and its plugins need, and how to install packages.
import { Hop3Error } from '../../../lib/sdk.js';

/** Binary name -> the Debian (and Ubuntu) package that provides it. */
export const PACKAGES: Readonly<Record<string, string>> = {
  node: 'nodejs',
  nodejs: 'nodejs',
  npm: 'npm',
  npx: 'npm',
  python3: 'python3',
  pip3: 'python3-pip',
  git: 'git',
  nginx: 'nginx',
  caddy: 'caddy',
  uwsgi: 'uwsgi-core',
  sshd: 'openssh-server',
  ssh: 'openssh-client',
  sudo: 'sudo',
  curl: 'curl',
  sqlite3: 'sqlite3',
  make: 'make',
  gcc: 'gcc',
  'g++': 'g++',
  go: 'golang-go',
  ruby: 'ruby',
  gem: 'ruby',
  bundle: 'ruby-bundler',
  php: 'php-cli',
  'php-fpm': 'php-fpm',
  composer: 'composer',
  java: 'default-jdk-headless',
  javac: 'default-jdk-headless',
  jar: 'default-jdk-headless',
  mvn: 'maven',
  gradle: 'gradle',
  lein: 'leiningen',
  clojure: 'clojure',
  cargo: 'cargo',
  rustc: 'rustc',
  psql: 'postgresql-client',
  pg_dump: 'postgresql-client',
  pg_restore: 'postgresql-client',
  pg_ctlcluster: 'postgresql',
  mysql: 'mariadb-client',
  mariadb: 'mariadb-client',
  mysqldump: 'mariadb-client',
  'mariadb-dump': 'mariadb-client',
  mariadbd: 'mariadb-server',
  'redis-server': 'redis-server',
  'redis-cli': 'redis-tools',
  docker: 'docker.io',
  dockerd: 'docker.io',
  'docker-compose': 'docker-compose',
  debootstrap: 'debootstrap',
  'systemd-analyze': 'systemd',
  pebble: 'pebble',
};

const PACKAGE_NAME = /^[a-z0-9][a-z0-9+.-]+$/;

/** The package that provides `binary`, or undefined when the table does not know it. */
export function packageFor(binary: string): string | undefined {
  return Object.hasOwn(PACKAGES, binary) ? PACKAGES[binary] : undefined;
}

/** Throws E_INVALID_VALUE unless every name is a valid Debian package name (so none reads as an option). */
export function checkPackageNames(packages: readonly string[]): void {
  const bad = packages.find((p) => !PACKAGE_NAME.test(p));
  if (bad !== undefined)
    throw new Hop3Error('E_INVALID_VALUE', `invalid Debian package name ${JSON.stringify(bad)}`);
}

/** The command a person runs (as root) to install the packages. */
export function installHint(packages: readonly string[]): string {
  return ['apt-get', 'install', '-y', ...packages].join(' ');
}

/** True when /etc/os-release (parsed) describes Debian or a derivative (Ubuntu, ...). */
export function isDebianFamily(osRelease: Record<string, string>): boolean {
  const id = (osRelease.ID ?? '').toLowerCase();
  const like = (osRelease.ID_LIKE ?? '').toLowerCase().split(/\s+/);
  return id === 'debian' || id === 'ubuntu' || like.includes('debian');
}
