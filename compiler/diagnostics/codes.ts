// The one table of stable diagnostic codes: code → short title and default exit status.

export interface CodeInfo { title: string; exit: number }

export const CODES = {
  AOTC0001: { title: 'cannot read model file', exit: 2 },
  AOTC0002: { title: 'malformed model file', exit: 2 },
  AOTC0003: { title: 'unsupported model format', exit: 2 },
  AOTC0010: { title: 'unsupported operators', exit: 2 },
  AOTC0011: { title: 'unsupported attribute value', exit: 2 },
  AOTC0012: { title: 'unsupported data type', exit: 2 },
  AOTC0013: { title: 'invalid operator inputs', exit: 2 },
  AOTC0020: { title: 'dynamic dimension', exit: 2 },
  AOTC0021: { title: 'shape inference failed', exit: 2 },
  AOTC0022: { title: 'value must be a compile-time constant', exit: 2 },
  AOTC0023: { title: 'bad --input-shape', exit: 2 },
  AOTC0030: { title: 'IR verification failed', exit: 3 },
  AOTC0040: { title: 'C compiler not found', exit: 4 },
  AOTC0041: { title: 'C compilation failed', exit: 4 },
  AOTC0042: { title: 'bundle execution failed', exit: 4 },
  AOTC0050: { title: 'bad input data', exit: 2 },
  AOTC0051: { title: 'reference runtime unavailable', exit: 4 },
  AOTC0052: { title: 'outputs differ from reference', exit: 1 },
  AOTC0060: { title: 'unknown target', exit: 2 },
  AOTC0061: { title: 'bad command-line option', exit: 2 },
  AOTC0062: { title: 'cannot write output', exit: 2 },
  AOTC0063: { title: 'model does not fit the target', exit: 2 },
  AOTC0064: { title: 'target toolchain or emulator not found', exit: 4 },
  AOTC0065: { title: 'size threshold or budget exceeded', exit: 1 },
  AOTC0099: { title: 'internal compiler error', exit: 70 },
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CODES;
