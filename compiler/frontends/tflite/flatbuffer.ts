// Bounds-checked FlatBuffers table access over the `flatbuffers` runtime (the only module importing it).
// Every offset, vtable, vector and string is checked against the buffer before it is read, so a truncated or
// corrupted file ends in `bad(message)` (the caller's AOTC0002), never in a RangeError or a read of garbage.

import { Builder, ByteBuffer } from 'flatbuffers';

export { Builder };

/** A table located and checked: object start, its vtable, and their sizes. */
export interface FbTable { pos: number; vt: number; vtLen: number; objLen: number; what: string }

/** A vector located and checked: first element's position and element count. */
export interface FbVector { start: number; length: number }

export class FbReader {
  readonly bb: ByteBuffer;
  readonly size: number;
  private work = 0;
  private readonly workLimit: number;
  private readonly utf8 = new TextDecoder('utf-8', { fatal: false });

  /** `bad` must throw (it is the caller's diagnostic); it receives a one-line description of the defect. */
  constructor(readonly bytes: Uint8Array, private readonly bad: (msg: string) => never) {
    this.bb = new ByteBuffer(bytes);
    this.size = bytes.length;
    // Elements decoded are charged against a budget proportional to the file size: a malicious file that points
    // many table references at the same big vector cannot make the decoder do quadratic work.
    this.workLimit = 64 * bytes.length + (1 << 20);
  }

  fail(msg: string): never { return this.bad(msg); }

  /** Check that `len` bytes at `pos` lie inside the buffer. */
  need(pos: number, len: number, what: string): void {
    if (!(Number.isSafeInteger(pos) && pos >= 0 && len >= 0 && pos + len <= this.size)) {
      this.bad(`${what}: ${len} byte(s) at offset ${pos} lie outside the file (${this.size} bytes; truncated?)`);
    }
  }

  private charge(n: number, what: string): void {
    this.work += n;
    if (this.work > this.workLimit) this.bad(`${what}: the file references far more data than it holds (corrupt offsets?)`);
  }

  u8(pos: number): number { this.need(pos, 1, 'byte'); return this.bb.readUint8(pos); }
  u16(pos: number): number { this.need(pos, 2, 'uint16'); return this.bb.readUint16(pos); }
  i32(pos: number): number { this.need(pos, 4, 'int32'); return this.bb.readInt32(pos); }
  u32(pos: number): number { this.need(pos, 4, 'uint32'); return this.bb.readUint32(pos); }

  /** The root table (offset stored in the first 4 bytes). */
  root(what: string): FbTable {
    this.need(0, 8, 'file header');
    return this.table(this.u32(0), what);
  }

  /** The 4-byte file identifier at offset 4. */
  identifier(): string {
    this.need(0, 8, 'file header');
    let s = '';
    for (let i = 4; i < 8; i++) s += String.fromCharCode(this.bb.readUint8(i));
    return s;
  }

  /** Locate and check a table object at `pos` and its vtable. */
  table(pos: number, what: string): FbTable {
    this.charge(1, what);
    this.need(pos, 4, `${what} table`);
    const vt = pos - this.bb.readInt32(pos);
    this.need(vt, 4, `${what} vtable`);
    const vtLen = this.bb.readUint16(vt);
    const objLen = this.bb.readUint16(vt + 2);
    if (vtLen < 4 || (vtLen & 1) !== 0) this.bad(`${what} vtable at ${vt} has an invalid size ${vtLen}`);
    if (objLen < 4) this.bad(`${what} table at ${pos} has an invalid size ${objLen}`);
    this.need(vt, vtLen, `${what} vtable`);
    this.need(pos, objLen, `${what} table`);
    return { pos, vt, vtLen, objLen, what };
  }

  /** Absolute position of field `id` (its vtable slot) of `t`, or 0 when absent; checks it fits in the object. */
  field(t: FbTable, id: number, size: number): number {
    const slot = 4 + 2 * id;
    if (slot + 2 > t.vtLen) return 0;
    const o = this.bb.readUint16(t.vt + slot);
    if (o === 0) return 0;
    if (o + size > t.objLen) this.bad(`${t.what} field #${id} at +${o} overruns its table (${t.objLen} bytes)`);
    return t.pos + o;
  }

  int8(t: FbTable, id: number, def = 0): number { const p = this.field(t, id, 1); return p ? this.bb.readInt8(p) : def; }
  uint8(t: FbTable, id: number, def = 0): number { const p = this.field(t, id, 1); return p ? this.bb.readUint8(p) : def; }
  bool(t: FbTable, id: number, def = false): boolean { const p = this.field(t, id, 1); return p ? this.bb.readUint8(p) !== 0 : def; }
  int32(t: FbTable, id: number, def = 0): number { const p = this.field(t, id, 4); return p ? this.bb.readInt32(p) : def; }
  uint32(t: FbTable, id: number, def = 0): number { const p = this.field(t, id, 4); return p ? this.bb.readUint32(p) : def; }
  float32(t: FbTable, id: number, def = 0): number { const p = this.field(t, id, 4); return p ? this.bb.readFloat32(p) : def; }
  int64(t: FbTable, id: number, def = 0n): bigint { const p = this.field(t, id, 8); return p ? this.bb.readInt64(p) : def; }
  uint64(t: FbTable, id: number, def = 0n): bigint { const p = this.field(t, id, 8); return p ? this.bb.readUint64(p) : def; }

  /** Follow the uoffset stored at `p` (a reference to a table, vector or string); checks the target start. */
  private deref(p: number, what: string): number {
    const target = p + this.bb.readUint32(p);
    this.need(target, 4, what);
    return target;
  }

  /** Sub-table in field `id`, or null when absent. */
  subTable(t: FbTable, id: number, what: string): FbTable | null {
    const p = this.field(t, id, 4);
    return p ? this.table(this.deref(p, what), what) : null;
  }

  /** Vector in field `id` with `elemSize`-byte elements, or null when absent. */
  vector(t: FbTable, id: number, elemSize: number, what: string): FbVector | null {
    const p = this.field(t, id, 4);
    if (!p) return null;
    const v = this.deref(p, `${what} vector`);
    const length = this.bb.readUint32(v);
    this.need(v + 4, length * elemSize, `${what} vector of ${length} element(s)`);
    return { start: v + 4, length };
  }

  private numbers(t: FbTable, id: number, size: number, what: string, read: (p: number) => number): number[] | null {
    const v = this.vector(t, id, size, what);
    if (!v) return null;
    this.charge(v.length, what);
    const out = new Array<number>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = read(v.start + i * size);
    return out;
  }

  int32s(t: FbTable, id: number, what: string): number[] | null {
    return this.numbers(t, id, 4, what, (p) => this.bb.readInt32(p));
  }
  float32s(t: FbTable, id: number, what: string): number[] | null {
    return this.numbers(t, id, 4, what, (p) => this.bb.readFloat32(p));
  }
  bools(t: FbTable, id: number, what: string): boolean[] | null {
    return this.numbers(t, id, 1, what, (p) => this.bb.readUint8(p))?.map((x) => x !== 0) ?? null;
  }
  /** int64 vector as numbers; values outside ±2^53 are a defect (`bad`). */
  int64s(t: FbTable, id: number, what: string): number[] | null {
    return this.numbers(t, id, 8, what, (p) => {
      const x = this.bb.readInt64(p);
      if (x > BigInt(Number.MAX_SAFE_INTEGER) || x < BigInt(Number.MIN_SAFE_INTEGER)) this.bad(`${what}: value ${x} is out of range`);
      return Number(x);
    });
  }

  /** Byte vector as a view into the file (no copy), or null when absent. */
  bytesView(t: FbTable, id: number, what: string): Uint8Array | null {
    const v = this.vector(t, id, 1, what);
    if (!v) return null;
    this.charge(1, what);
    return this.bytes.subarray(v.start, v.start + v.length);
  }

  /** UTF-8 string in field `id` (invalid sequences become U+FFFD), or null when absent. */
  string(t: FbTable, id: number, what: string): string | null {
    const v = this.vector(t, id, 1, what);
    if (!v) return null;
    this.charge(1 + (v.length >> 4), what);
    return this.utf8.decode(this.bytes.subarray(v.start, v.start + v.length));
  }

  /** Vector of tables in field `id` ([] when absent); `what(i)` names element i in messages. */
  tables(t: FbTable, id: number, what: string): FbTable[] {
    const v = this.vector(t, id, 4, what);
    if (!v) return [];
    const out: FbTable[] = [];
    for (let i = 0; i < v.length; i++) {
      const p = v.start + 4 * i;
      out.push(this.table(this.deref(p, `${what}[${i}]`), `${what}[${i}]`));
    }
    return out;
  }

  /** Union at fields (`typeId`, `typeId + 1`): the type byte and the member table (null for NONE or absent). */
  union(t: FbTable, typeId: number, what: string): { type: number; table: FbTable | null } {
    const type = this.uint8(t, typeId);
    if (type === 0) return { type, table: null };
    return { type, table: this.subTable(t, typeId + 1, what) };
  }
}
