import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { engineEnvironment } from '../shared/mallocSettings.js';
import { CLI, ROOT } from './helpers/cli.js';

/** Processes whose parent is `pid` (from /proc). */
async function childrenOf(pid: number): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // Fields after the command name (which may hold spaces): state, then the parent's pid.
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (parent === pid) found.push(Number(entry));
  }
  return found;
}

/** The environment of each node process the `idredact` command runs as, read while it works. */
async function engineEnvironments(env: NodeJS.ProcessEnv): Promise<{ code: number; environments: string[][] }> {
  const sample = path.join(ROOT, 'assets', 'samples', 'passport-td3.png');
  const launcher = spawn(process.execPath, [CLI, 'verify', sample], {
    env: { ...process.env, ...env },
    stdio: 'ignore',
  });
  let done = false;
  const closed = new Promise<number>((resolve) =>
    launcher.on('close', (c) => {
      done = true;
      resolve(c ?? -1);
    }),
  );
  // Read the launcher's environment and that of each process it starts, until it ends.
  const seen = new Map<number, string[]>();
  // A process is read once it runs its own program (`script`): before that, it still has its parent's.
  const read = async (pid: number, script: string): Promise<void> => {
    if (seen.has(pid)) return;
    const command = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (!command.split('\0').includes(script)) return;
    const raw = await readFile(`/proc/${pid}/environ`, 'utf8').catch(() => undefined);
    if (raw !== undefined) seen.set(pid, raw.split('\0').filter(Boolean));
  };
  const main = path.join(path.dirname(CLI), 'main.js');
  while (!done) {
    await read(launcher.pid!, CLI);
    for (const child of await childrenOf(launcher.pid!)) await read(child, main);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const code = await closed;
  const environments = [...seen.values()];
  return { code, environments };
}

describe.runIf(process.platform === 'linux')('the idredact command on Linux', () => {
  it('runs the engine in a process started with two malloc arenas and huge pages, its exit code passed through', async () => {
    const { code, environments } = await engineEnvironments({ MALLOC_ARENA_MAX: undefined, GLIBC_TUNABLES: undefined });
    expect(code).toBe(1); // verify finds the unredacted sample passport leaking: exit 1, as without a launcher
    expect(environments).toHaveLength(2);
    expect(environments[0]).not.toContain('MALLOC_ARENA_MAX=2');
    expect(environments[0]).not.toContain('GLIBC_TUNABLES=glibc.malloc.hugetlb=1');
    expect(environments[1]).toContain('MALLOC_ARENA_MAX=2');
    expect(environments[1]).toContain('GLIBC_TUNABLES=glibc.malloc.hugetlb=1');
  }, 60_000);

  it('leaves a value the user set alone', async () => {
    const { code, environments } = await engineEnvironments({ MALLOC_ARENA_MAX: '4' });
    expect(code).toBe(1);
    expect(environments).toHaveLength(2);
    expect(environments[1]).toContain('MALLOC_ARENA_MAX=4');
  }, 60_000);
});

describe('engineEnvironment', () => {
  it('adds the settings on Linux only when they are not set', () => {
    expect(engineEnvironment({ PATH: '/bin' })).toEqual({
      PATH: '/bin',
      MALLOC_ARENA_MAX: '2',
      GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1',
    });
    expect(engineEnvironment({ MALLOC_ARENA_MAX: '8' }).MALLOC_ARENA_MAX).toBe('8');
    expect(engineEnvironment({ GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' }).GLIBC_TUNABLES).toBe(
      'glibc.malloc.hugetlb=0',
    );
  });
});
