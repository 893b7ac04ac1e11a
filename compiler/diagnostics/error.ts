// AotcError: every user-facing failure, with a stable code, a location (node, op, tensor) and a hint.

import { CODES, type Code } from './codes.js';

export interface Where { node?: string; op?: string; tensor?: string; file?: string }

export interface Diagnostic { code: Code; message: string; where?: Where; hint?: string; details?: string[] }

export class AotcError extends Error {
  readonly code: Code;
  readonly where?: Where;
  readonly hint?: string;
  readonly details: string[];

  constructor(d: Diagnostic) {
    super(d.message);
    this.name = 'AotcError';
    this.code = d.code;
    this.where = d.where;
    this.hint = d.hint;
    this.details = d.details ?? [];
  }

  get exitCode(): number { return CODES[this.code].exit; }

  /** Multi-line text for the terminal: `error AOTC0010: ...`, location, details, hint. */
  format(): string {
    const lines = [`error ${this.code}: ${this.message}`];
    const w = this.where;
    if (w) {
      const parts: string[] = [];
      if (w.file) parts.push(`file ${w.file}`);
      if (w.node !== undefined) parts.push(`node '${w.node}'`);
      if (w.op) parts.push(`op ${w.op}`);
      if (w.tensor !== undefined) parts.push(`tensor '${w.tensor}'`);
      if (parts.length) lines.push(`  at ${parts.join(', ')}`);
    }
    for (const d of this.details) lines.push(`  - ${d}`);
    if (this.hint) lines.push(`  hint: ${this.hint}`);
    return lines.join('\n');
  }

  toJSON(): Diagnostic { return { code: this.code, message: this.message, where: this.where, hint: this.hint, details: this.details }; }
}

export function fail(code: Code, message: string, where?: Where, hint?: string, details?: string[]): never {
  throw new AotcError({ code, message, where, hint, details });
}

/** Wraps a non-AotcError (a compiler bug) as an internal error, keeping the original message. */
export function asAotcError(e: unknown): AotcError {
  if (e instanceof AotcError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  return new AotcError({
    code: 'AOTC0099', message: `internal compiler error: ${msg}`,
    hint: 'this is a bug in aotc; please report it with the model and the command line (set AOTC_DEBUG=1 for a stack trace)',
  });
}
