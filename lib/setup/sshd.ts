// sshd: host keys, its privilege-separation directory, a valid configuration, and a running daemon.
import { chmodSync, mkdirSync } from 'node:fs';
import { Hop3Error } from '../errors.js';
import type { SetupContext } from './context.js';
import { runningFromPidFile, systemctl } from './daemons.js';

const SSHD = '/usr/sbin/sshd';

/** Makes sure sshd has host keys, passes `sshd -t`, and runs (systemd unit "ssh", or the binary). */
export async function startSshd(ctx: SetupContext): Promise<void> {
  ctx.log.step('Starting sshd');
  const keys = await ctx.run('ssh-keygen', ['-A']);
  if (keys.all.includes('generating')) {
    ctx.changes.push('ssh host keys');
    ctx.log.info('generated the missing host keys');
  }
  mkdirSync(ctx.system.sshdRunDir, { recursive: true, mode: 0o755 });
  chmodSync(ctx.system.sshdRunDir, 0o755);
  const test = await ctx.run(SSHD, ['-t'], { reject: false });
  if (test.exitCode !== 0) {
    throw new Hop3Error('E_SETUP', 'sshd -t rejected the ssh server configuration', {
      details: test.all.trim(),
      hint: 'fix /etc/ssh/sshd_config, then run setup again',
    });
  }
  if (ctx.manager === 'systemd') {
    await systemctl(ctx, ['enable', '--now', 'ssh']);
    ctx.log.info('enabled and running');
  } else if (runningFromPidFile(ctx.system.sshdPid, 'sshd')) {
    ctx.log.info('ok (running)');
  } else {
    await ctx.run(SSHD, []);
    ctx.changes.push('sshd started');
    ctx.log.info(`started (${SSHD})`);
  }
}
