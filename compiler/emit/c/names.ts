// C identifiers and comments from model names: escaped, unique, never raw model text in code.

/** A valid C identifier fragment from any string (letters, digits, underscores; no leading digit). */
export function cIdent(s: string): string {
  let id = s.replace(/[^A-Za-z0-9_]/g, '_').replace(/_+/g, '_').replace(/^_+|_+$/g, '');
  if (id === '') id = 'x';
  if (/^[0-9]/.test(id)) id = `_${id}`;
  return id;
}

/** Unique identifiers: the same name maps to the same id; clashes get a numeric suffix. */
export class NameTable {
  private used = new Set<string>();
  private byName = new Map<string, string>();
  constructor(reserved: string[] = []) { reserved.forEach((r) => this.used.add(r.toUpperCase())); }
  get(name: string): string {
    const known = this.byName.get(name);
    if (known) return known;
    const base = cIdent(name);
    let id = base, k = 2;
    while (this.used.has(id.toUpperCase())) id = `${base}_${k++}`;
    this.used.add(id.toUpperCase());
    this.byName.set(name, id);
    return id;
  }
}

/** Text safe inside a C block comment on one line (no comment terminators, no control characters). */
export function cComment(s: string): string {
  return JSON.stringify(s).slice(1, -1).replace(/\*\//g, '*\\/').replace(/\/\*/g, '/\\*').replace(/\?\?/g, '?\\?');
}

/** A C string literal for any text. */
export function cString(s: string): string {
  return `"${JSON.stringify(s).slice(1, -1).replace(/\?\?/g, '?\\?')}"`;
}
