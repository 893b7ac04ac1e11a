// `aotc diff`: compare reports (files or folders matched by model × target); exit 1 past a threshold or budget.

import { fail } from '../diagnostics/error.js';
import { checkLimits, diffReports, parseBudgets, parseMaxIncrease, type MatchMode } from '../report/diff.js';
import { diffJson, diffMarkdown, diffText } from '../report/diff-format.js';
import { loadReports } from '../report/read.js';
import { say } from './common.js';
import { formatOption } from './size.js';

export interface DiffCliOptions { format?: string; maxIncrease?: string[]; budget?: string[]; match?: string }

export function diffCommand(base: string, head: string, o: DiffCliOptions): void {
  const format = formatOption(o.format);
  const match = o.match ?? 'model+target';
  if (match !== 'model+target' && match !== 'model') fail('AOTC0061', `--match must be 'model+target' or 'model', got '${match}'`);
  const limits = { increase: parseMaxIncrease(o.maxIncrease ?? []), budgets: parseBudgets(o.budget ?? []) };
  // an empty folder on one side is allowed: every report of the other side is then added (or removed)
  const b = loadReports(base, { allowEmpty: true }), h = loadReports(head, { allowEmpty: true });
  if (b.length === 0 && h.length === 0) fail('AOTC0061', `no aotc reports in '${base}' nor in '${head}'`);
  const pairs = diffReports(b, h, match as MatchMode);
  const breaches = checkLimits(pairs, limits);
  const limitsText = [...(o.maxIncrease ?? []).map((v) => `--max-increase ${v}`), ...(o.budget ?? []).map((v) => `--budget ${v}`)];
  const view = { baseLabel: base, headLabel: head, pairs, breaches, limitsText };
  say(format === 'json' ? diffJson(view) : format === 'md' ? diffMarkdown(view) : diffText(view));
  if (breaches.length) {
    fail('AOTC0065', `${breaches.length} size limit${breaches.length === 1 ? '' : 's'} exceeded`, undefined,
      'shrink the bundle, or raise the limit if the growth is intended', breaches.map((b) => b.message));
  }
}
