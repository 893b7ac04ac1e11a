// Finds the C compiler (--cc, AOTC_CC, clang-19, clang) and builds objects and programs for a target.

import { fail } from '../diagnostics/error.js';
import type { TargetInfo } from '../targets/target.js';
import { hasProgram, runProgram } from './process.js';

export const BUNDLE_CFLAGS = ['-std=c99', '-O2', '-Wall', '-Wextra', '-ffunction-sections', '-fdata-sections', '-fno-math-errno'];

let cached: string | undefined;

/** The compiler to use: explicit, else $AOTC_CC, else clang-19, else clang. */
export function findCompiler(explicit?: string): string {
  const candidates = explicit ? [explicit] : process.env.AOTC_CC ? [process.env.AOTC_CC] : ['clang-19', 'clang'];
  if (!explicit && !process.env.AOTC_CC && cached) return cached;
  for (const c of candidates) {
    if (hasProgram(c)) {
      if (!explicit && !process.env.AOTC_CC) cached = c;
      return c;
    }
  }
  return fail('AOTC0040', `C compiler not found (tried ${candidates.join(', ')})`, undefined,
    'install clang-19 (apt-get install clang-19 lld-19 llvm-19, or run scripts/setup.sh), or pass --cc / set AOTC_CC; `aotc doctor` checks the toolchain');
}

export interface CcResult { stderr: string }

/** Compile C sources (and link, unless `-c` is in extra) with the target's flags. Fails with AOTC0041. */
export function compileC(cc: string, target: TargetInfo, sources: string[], output: string, extra: string[] = [],
  opts: { werror?: boolean; cwd?: string } = {}): CcResult {
  const args = [...target.clangTarget, ...BUNDLE_CFLAGS, ...(opts.werror ? ['-Werror'] : []), ...sources, ...extra, '-o', output];
  const r = runProgram(cc, args, { cwd: opts.cwd });
  if (r.code !== 0) {
    const log = (r.stderr || r.error || '').split('\n').filter(Boolean);
    fail('AOTC0041', `${cc} failed to build ${output}`, undefined,
      'the generated C did not compile; this is an aotc bug unless the toolchain is broken (`aotc doctor`)',
      [`${cc} ${args.join(' ')}`, ...log.slice(0, 30)]);
  }
  return { stderr: r.stderr };
}
