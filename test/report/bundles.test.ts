// bundles/ holds the committed size reports of the reference models × targets: regenerating them must give the
// same bytes. When it does not, the failure shows `aotc diff` of committed → regenerated (run `npm run bundles`
// to accept the new sizes).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import { BUNDLE_TARGETS, generateBundles, REFERENCE_MODELS } from '../../scripts/bundles.js';
import { aotc, ROOT } from '../cli/helpers.js';
import { itWithModels } from '../helpers/shared-models.js';
import { cleanupTemp, tempDir } from './helpers.js';

afterAll(cleanupTemp);

const COMMITTED = join(ROOT, 'bundles');
const models = REFERENCE_MODELS.flatMap((m) => (m.file ? [m.file] : []));
const listing = (dir: string) => BUNDLE_TARGETS.flatMap((t) => (existsSync(join(dir, t)) ? readdirSync(join(dir, t)).filter((f) => f.endsWith('.json')).map((f) => `${t}/${f}`) : [])).sort();

describe('bundles/ baselines', () => {
  itWithModels('are what `npm run bundles` regenerates, byte for byte', models, async () => {
    const out = tempDir('bundles');
    const written = await generateBundles({ out });
    expect(written.length).toBe(REFERENCE_MODELS.length * BUNDLE_TARGETS.length);
    expect(listing(out)).toEqual([...written].sort());
    const differ = written.filter((f) => !existsSync(join(COMMITTED, f)) || !readFileSync(join(COMMITTED, f)).equals(readFileSync(join(out, f))));
    const missing = listing(COMMITTED).filter((f) => !written.includes(f));
    if (differ.length || missing.length) {
      const d = aotc(['diff', COMMITTED, out]);
      expect.fail(`bundles/ is out of date (${differ.length} report(s) differ${missing.length ? `, ${missing.length} stale` : ''}; ` +
        `run \`npm run bundles\` and commit the result):\n${differ.join('\n')}\n\naotc diff bundles <regenerated>:\n${d.stdout}${d.stderr}`);
    }
    // the files carry no absolute paths and no timestamps
    for (const f of written) {
      const text = readFileSync(join(out, f), 'utf8');
      expect(text).not.toContain(ROOT);
      expect(text).not.toContain(out);
      expect(text).not.toMatch(/20\d\d-\d\d-\d\dT/);
    }
  }, 600_000);
});
