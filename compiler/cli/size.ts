// `aotc size`: the sizes of a bundle (its <name>.json), a report file, or every report in a folder.

import { fail } from '../diagnostics/error.js';
import { loadReports } from '../report/read.js';
import { sizeJson, sizeMarkdown, sizeText, type SizeFormat } from '../report/size-format.js';
import { say } from './common.js';

export interface SizeCliOptions { format?: string }

export const FORMATS = ['text', 'json', 'md'] as const;

export function formatOption(v: string | undefined): SizeFormat {
  const f = v ?? 'text';
  if (!(FORMATS as readonly string[]).includes(f)) fail('AOTC0061', `--format must be one of ${FORMATS.join(', ')}, got '${f}'`);
  return f as SizeFormat;
}

export function sizeCommand(path: string, o: SizeCliOptions): void {
  const format = formatOption(o.format);
  const reports = loadReports(path);
  say(format === 'json' ? sizeJson(reports) : format === 'md' ? sizeMarkdown(reports) : sizeText(reports));
}
