import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

const run = promisify(execFile);
const UNIT = 'deploy/tessera.service';
const ENV_EXAMPLE = 'deploy/tessera.env';

/** Why systemd's checker cannot run here, or undefined when it can. In CI a missing tool is a failure, never a skip. */
const systemdMissing = await run('systemd-analyze', ['--version']).then(
  () => undefined,
  () => "systemd-analyze is not installed (Debian's systemd package; .ci/run installs it)",
);
if (systemdMissing) {
  if (process.env.CI) throw new Error(`${systemdMissing}: CI must check the systemd unit.`);
  console.warn(`Skipping the systemd unit's checks: ${systemdMissing}.`);
}

const folder = mkdtempSync(join(tmpdir(), 'tessera-unit-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/**
 * The unit as this machine can check it: systemd-analyze verify wants ExecStart's program to
 * exist, and the unit names Node.js where Debian and NodeSource put it; where it is elsewhere
 * (a CI runner's own Node.js), that one stands in.
 */
function checkableUnit(): string {
  const unit = readFileSync(UNIT, 'utf8');
  const path = join(folder, 'tessera.service');
  writeFileSync(path, existsSync('/usr/bin/node') ? unit : unit.replace('/usr/bin/node', process.execPath));
  return path;
}

describe.skipIf(systemdMissing !== undefined)('the systemd unit (deploy/tessera.service)', () => {
  it('passes systemd-analyze verify without a warning', async () => {
    const { stdout, stderr } = await run('systemd-analyze', ['verify', checkableUnit()]);
    expect(`${stdout}${stderr}`).toBe('');
  });

  it('is hardened: systemd-analyze security rates its exposure 2.0 or less (of 10)', async () => {
    const { stdout } = await run('systemd-analyze', ['security', '--offline=yes', '--no-pager', checkableUnit()]);
    const exposure = Number(/Overall exposure level for tessera\.service: ([\d.]+)/.exec(stdout)?.[1]);
    expect(exposure).toBeLessThanOrEqual(2);
  });

  it('runs as its own user with no capability, and reads its settings from the environment file', () => {
    const unit = readFileSync(UNIT, 'utf8');
    for (const line of [
      'DynamicUser=yes',
      'StateDirectory=tessera',
      'Environment=TESSERA_DATA_DIR=%S/tessera',
      'EnvironmentFile=/etc/tessera/tessera.env',
      'ProtectSystem=strict',
      'ProtectHome=yes',
      'PrivateTmp=yes',
      'NoNewPrivileges=yes',
      'CapabilityBoundingSet=',
      'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX',
      'SystemCallFilter=@system-service',
      'KillSignal=SIGTERM',
    ])
      expect(unit.split('\n'), line).toContain(line);
  });
});

describe('the example environment file (deploy/tessera.env)', () => {
  const lines = readFileSync(ENV_EXAMPLE, 'utf8').split('\n');

  it('is a valid configuration as it stands', () => {
    const env = Object.fromEntries(
      lines
        .filter((line) => /^[A-Z_]+=/.test(line))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    expect(Object.keys(env).length).toBeGreaterThan(0);
    expect(() => loadConfig(env)).not.toThrow();
  });

  it('names only settings of the README’s configuration table, commented out or not', () => {
    const readme = readFileSync('README.md', 'utf8');
    const named = lines.flatMap((line) => /^#?([A-Z][A-Z_]+)=/.exec(line)?.slice(1) ?? []);
    for (const name of named) {
      const setting = name.endsWith('_FILE') ? name.slice(0, -'_FILE'.length) : name;
      expect(readme, name).toMatch(new RegExp(`^\\| \`${setting}\`|, \`${setting}\``, 'm'));
    }
  });
});
