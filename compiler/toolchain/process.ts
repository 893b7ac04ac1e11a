// Runs external programs (the project's only use of child_process): clang, qemu, the bundle runner, python.

import { spawnSync } from 'node:child_process';

export interface RunResult { code: number; stdout: string; stderr: string; signal: string | null; error?: string }

export function runProgram(cmd: string, args: string[], opts: { cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv; input?: string } = {}): RunResult {
  const r = spawnSync(cmd, args, {
    cwd: opts.cwd, env: opts.env ?? process.env, input: opts.input, encoding: 'utf8',
    timeout: opts.timeoutMs ?? 600_000, maxBuffer: 256 * 1024 * 1024,
  });
  return {
    code: r.status ?? (r.error ? 127 : 128), stdout: r.stdout ?? '', stderr: r.stderr ?? '', signal: r.signal ?? null,
    error: r.error ? r.error.message : undefined,
  };
}

/** Is `cmd` runnable (found on PATH or as a path)? */
export function hasProgram(cmd: string, versionArg = '--version'): boolean {
  const r = spawnSync(cmd, [versionArg], { encoding: 'utf8', timeout: 20_000 });
  return !r.error && r.status === 0;
}
