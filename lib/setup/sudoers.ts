// /etc/sudoers.d/hop3: a list of rules, each a fixed command with fixed arguments (app names as a regex).
import { APP_GROUP } from '../domain/app-user.js';
import { Hop3Error } from '../errors.js';
import type { Settings } from '../settings.js';
import type { RenderTemplate } from '../templates/render.js';
import type { SetupContext } from './context.js';
import { writeHostFile } from './host-files.js';

/**
 * One sudoers rule: `user ALL=(runas) TAGS: command args`. An argument written `^...$` is a regular expression
 * fragment (sudo >= 1.9.10); the others are literal. `command: 'ALL'` with no arguments allows any command.
 */
export interface SudoRule {
  runas: string;
  command: string;
  args: string[];
  /** Default ['NOPASSWD']; e.g. ['NOPASSWD', 'SETENV']. */
  tags?: string[];
}

/** What /etc/sudoers.d/hop3 holds: the rules of one user, and `Defaults>` lines for run-as users or groups. */
export interface SudoersFile {
  user: string;
  rules: SudoRule[];
  /** Lines printed after `Defaults>`, e.g. `%hop3-app !requiretty`. */
  defaults?: string[];
}

/**
 * The app-name rule (lib/domain/names.ts) as a regular expression fragment, without a `{m,n}` count: a comma
 * separates commands in sudoers. The privileged command checks the full rule (length included) itself.
 */
export const APP_NAME_ARG = '^[a-z][a-z0-9-]*$';

const PLAIN_PATH = /^\/[A-Za-z0-9._/-]+$/;
const RUNAS = /^(%|:)?[a-z_][a-z0-9_-]{0,31}$/;
const TAG = /^(NOPASSWD|SETENV|NOSETENV|NOEXEC)$/;
const LITERAL = /^[A-Za-z0-9._/:=-]+$/;
const DEFAULTS = /^[%:]?[a-z_][a-z0-9_-]{0,31} [A-Za-z_!][A-Za-z0-9_ =!"/.,-]*$/;

const isPattern = (arg: string): boolean => arg.startsWith('^') && arg.endsWith('$');
/** Literals hold only LITERAL's characters: "." means something in a regex, ":" and "=" in sudoers. */
const escapeRegex = (text: string): string => text.replace(/\./g, '[.]').replace(/[:=]/g, '\\$&');

function bad(what: string, value: string): Hop3Error {
  return new Hop3Error('E_SETUP', `sudoers: invalid ${what} ${JSON.stringify(value)}`);
}

/** The arguments of a rule as sudoers reads them: literals escaped, or one anchored regex when a pattern is among them. */
export function sudoArgs(args: readonly string[]): string {
  for (const arg of args) if (!isPattern(arg) && !LITERAL.test(arg)) throw bad('argument', arg);
  if (!args.some(isPattern)) return args.map((a) => a.replace(/[:=,\\]/g, '\\$&')).join(' ');
  const body = args.map((a) => (isPattern(a) ? a.slice(1, -1) : escapeRegex(a))).join(' ');
  if (/[#,]/.test(body) || body.length > 1000) throw bad('argument pattern', body);
  return `^${body}$`;
}

/** One rule as a sudoers line. */
export function sudoRuleLine(user: string, rule: SudoRule): string {
  if (!RUNAS.test(rule.runas)) throw bad('run-as user', rule.runas);
  const tags = rule.tags ?? ['NOPASSWD'];
  for (const tag of tags) if (!TAG.test(tag)) throw bad('tag', tag);
  if (rule.command === 'ALL') {
    if (rule.args.length > 0) throw bad('command', 'ALL with arguments');
  } else if (!PLAIN_PATH.test(rule.command)) throw bad('command', rule.command);
  const args =
    rule.command === 'ALL' ? '' : ` ${rule.args.length === 0 ? '""' : sudoArgs(rule.args)}`;
  return `${user} ALL=(${rule.runas}) ${tags.map((t) => `${t}:`).join('')} ${rule.command}${args}`;
}

/**
 * hop3's own rules: the privileged proxy steps, with HOP3_HOME fixed and the app name checked by sudo; the
 * per-app user rules; then the fixed root commands host plugins declare (sudoCommands), with no arguments.
 */
export function hop3SudoRules(
  settings: Pick<Settings, 'hop3Command' | 'isolation'>,
  home: string,
  pluginCommands: readonly string[] = [],
): SudoRule[] {
  const hop3 = settings.hop3Command;
  return [
    { runas: 'root', command: hop3, args: ['priv:proxy-install', '--home', home, APP_NAME_ARG] },
    { runas: 'root', command: hop3, args: ['priv:proxy-remove', '--home', home, APP_NAME_ARG] },
    { runas: 'root', command: hop3, args: ['priv:proxy-reload', '--home', home] },
    ...(settings.isolation === 'app-users' ? appUserSudoRules(hop3, home) : []),
    ...pluginCommands.map((command): SudoRule => ({ runas: 'root', command, args: [] })),
  ];
}

/**
 * App users (docs/security.md "App users"): hop3 creates and removes them through one fixed command and runs
 * commands as any member of hop3-app (never as root, never as hop3 itself).
 */
function appUserSudoRules(hop3: string, home: string): SudoRule[] {
  return [
    { runas: 'root', command: hop3, args: ['priv:app-user', '--home', home, APP_NAME_ARG] },
    { runas: 'root', command: hop3, args: ['priv:app-user-remove', '--home', home, APP_NAME_ARG] },
    { runas: `%${APP_GROUP}`, command: 'ALL', args: [], tags: ['NOPASSWD', 'SETENV'] },
  ];
}

/** `Defaults>` lines for commands run as app users: their PATH and umask come from hop3. */
export function hop3SudoDefaults(settings: Pick<Settings, 'isolation'>): string[] {
  return settings.isolation === 'app-users'
    ? [`%${APP_GROUP} !secure_path, umask=0027, !syslog`]
    : [];
}

/** The text of the sudoers file. */
export function sudoersText(render: RenderTemplate, file: SudoersFile): string {
  if (!/^[a-z_][a-z0-9_-]{0,31}$/.test(file.user)) throw bad('user', file.user);
  for (const line of file.defaults ?? [])
    if (!DEFAULTS.test(line)) throw bad('Defaults line', line);
  return render('setup/sudoers.njk', {
    user: file.user,
    rules: file.rules.map((r) => sudoRuleLine(file.user, r)),
    defaults: file.defaults ?? [],
  });
}

/** Checks a candidate sudoers file with `visudo -cf`; throws E_SETUP with visudo's words. */
export async function checkSudoers(
  run: SetupContext['run'],
  candidate: string,
  user: string,
): Promise<void> {
  const check = await run('visudo', ['-c', '-f', candidate], { reject: false });
  if (check.exitCode !== 0) {
    throw new Hop3Error('E_SETUP', `visudo refused the sudoers rules for ${user}`, {
      details: check.all.trim(),
    });
  }
}

/** Installs the sudoers rules (mode 0440) once `visudo -cf` accepted them. */
export async function installSudoers(
  ctx: SetupContext,
  rules = hop3SudoRules(ctx.settings, ctx.paths.home),
): Promise<void> {
  ctx.log.step(`Privileged steps ${ctx.user.name} may run (${ctx.system.sudoers})`);
  const text = sudoersText(ctx.render, {
    user: ctx.user.name,
    rules,
    defaults: hop3SudoDefaults(ctx.settings),
  });
  const changed = await writeHostFile(ctx.system.sudoers, text, {
    mode: 0o440,
    owner: { uid: 0, gid: 0 },
    validate: (candidate) => checkSudoers(ctx.run, candidate, ctx.user.name),
  });
  if (changed) ctx.changes.push('sudoers rules');
  ctx.log.info(changed ? 'written' : 'ok');
}
