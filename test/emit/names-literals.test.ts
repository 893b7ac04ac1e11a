// Tests C name escaping, comment safety and exact float literals.
import { describe, expect, it } from 'vitest';
import { cComment, cIdent, NameTable } from '../../compiler/emit/c/names.js';
import { floatLit, intLit } from '../../compiler/emit/c/literals.js';

describe('names', () => {
  it('makes valid identifiers from any text', () => {
    for (const s of ['conv1/weights:0', '0abc', '', '*/ evil */', 'ünïcode', '__x__']) {
      expect(cIdent(s)).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
    }
  });
  it('keeps identifiers unique (case-insensitively, for macros)', () => {
    const t = new NameTable();
    const a = t.get('a/b'), b = t.get('a:b'), c = t.get('A_B');
    expect(new Set([a, b, c].map((x) => x.toUpperCase())).size).toBe(3);
    expect(t.get('a/b')).toBe(a);
  });
  it('never lets a comment terminator through', () => {
    const c = cComment('x */ int evil; /* y ??/');
    expect(c).not.toContain('*/');
    expect(c).not.toContain('/*');
    expect(c).not.toContain('??/');
  });
});

describe('literals', () => {
  it('float literals round-trip exactly', () => {
    let s = 1;
    for (let i = 0; i < 2000; i++) {
      s = (s * 16807) % 2147483647;
      const x = Math.fround((s / 2147483647 - 0.5) * 10 ** ((s % 20) - 10));
      const lit = floatLit(x);
      expect(Math.fround(parseFloat(lit))).toBe(x);
    }
    expect(floatLit(Infinity)).toBe('INFINITY');
    expect(floatLit(-Infinity)).toBe('-INFINITY');
    expect(floatLit(3)).toBe('3.0f');
  });
  it('int literals reject values outside int32', () => {
    expect(intLit(-2147483648)).toBe('(-2147483647 - 1)');
    expect(() => intLit(2 ** 31)).toThrow();
  });
});
