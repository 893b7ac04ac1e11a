// .github/workflows/bundle-size.yml: valid YAML (parsed by PyYAML from the project venv) with the structure the PR
// size check needs, shell steps that bash can parse, a script that compiles, and model checksums that match.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProgram } from '../../compiler/toolchain/process.js';
import { REFERENCE_MODELS } from '../../scripts/bundles.js';
import { itWith, ROOT } from '../cli/helpers.js';
import { itWithModels, sharedModel } from '../helpers/shared-models.js';

const FILE = join(ROOT, '.github/workflows/bundle-size.yml');
const PYTHON = process.env.AOTC_PYTHON ?? join(ROOT, '.venv/bin/python');

interface Step { name?: string; uses?: string; run?: string; with?: Record<string, unknown>; if?: string; shell?: string; id?: string; 'working-directory'?: string }

function parse(): Record<string, any> {
  const r = runProgram(PYTHON, ['-c', 'import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))'], { input: readFileSync(FILE, 'utf8') });
  if (r.code !== 0) throw new Error(`PyYAML could not parse ${FILE}:\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

describe('bundle-size workflow', () => {
  itWith([PYTHON], 'is valid YAML with the structure of a PR size check', () => {
    const doc = parse();
    // YAML 1.1 (PyYAML) reads the key `on` as true
    const on = doc.on ?? doc.true;
    expect(on).toHaveProperty('pull_request');
    expect(doc.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(doc.env.MARKER).toBe('<!-- aotc-bundle-size -->');
    const job = doc.jobs['bundle-size'];
    expect(job['runs-on']).toBe('ubuntu-latest');
    const steps = job.steps as Step[];
    for (const s of steps) {
      expect(Number(s.uses !== undefined) + Number(s.run !== undefined), JSON.stringify(s)).toBe(1);
      if (s.uses) expect(s.uses).toMatch(/^actions\/[\w-]+@v\d+$/);
    }
    const checkouts = steps.filter((s) => s.uses?.startsWith('actions/checkout@'));
    expect(checkouts.map((s) => s.with?.path)).toEqual(['head', 'base']);
    expect(checkouts[1]!.with?.ref).toBe('${{ github.event.pull_request.base.sha }}');
    const runs = steps.map((s) => s.run ?? '').join('\n');
    expect(runs).toContain('bash scripts/setup.sh');
    expect(runs).toContain('npm run bundles -- --out');
    expect(runs).toMatch(/bundles\.js --aotc base\/dist\/compiler\/cli\/main\.js --out reports\/base/);
    const diff = steps.find((s) => s.id === 'diff')!;
    expect(diff.run).toContain('diff reports/base reports/head --format md');
    expect(diff.run).toContain('>> "$GITHUB_STEP_SUMMARY"');
    expect(diff.run).toContain('echo "$MARKER"');
    const comment = steps.find((s) => s.uses?.startsWith('actions/github-script@'))!;
    const script = String(comment.with?.script);
    for (const call of ['listComments', 'updateComment', 'createComment', 'process.env.MARKER']) expect(script).toContain(call);
    // the script compiles (github-script runs it as the body of an async function)
    const AsyncFunction = (async () => {}).constructor as new (...a: string[]) => unknown;
    expect(() => new AsyncFunction('github', 'context', 'require', script)).not.toThrow();
    // the last step fails the job on a breach, after the summary and the comment are written
    expect(steps[steps.length - 1]!.if).toBe("steps.diff.outputs.rc != '0'");
    expect(steps.indexOf(comment)).toBeGreaterThan(steps.indexOf(diff));
  });

  itWith([PYTHON], 'has shell steps that bash parses', () => {
    const steps = parse().jobs['bundle-size'].steps as Step[];
    for (const s of steps.filter((x) => x.run)) {
      const script = s.run!.replace(/\$\{\{[^}]*\}\}/g, 'EXPR');
      const r = runProgram('bash', ['-n', '-c', script]);
      expect(r.code, `${s.name}: ${r.stderr}`).toBe(0);
    }
    const broken = runProgram('bash', ['-n', '-c', 'if true; then echo']);
    expect(broken.code).not.toBe(0); // the check can fail
  });

  itWithModels('downloads the reference models of scripts/bundles.ts with the right checksums', REFERENCE_MODELS.flatMap((m) => (m.file ? [m.file] : [])), () => {
    const text = readFileSync(FILE, 'utf8');
    const listed = new Map([...text.matchAll(/^\s+([0-9a-f]{64}) (\S+\.tflite) (\S+)$/gm)].map((m) => [m[2]!, m[1]!]));
    for (const m of REFERENCE_MODELS.filter((x) => x.file)) {
      const file = m.file!.split('/').pop()!;
      expect(existsSync(sharedModel(m.file!))).toBe(true);
      expect(listed.get(file), file).toBe(createHash('sha256').update(readFileSync(sharedModel(m.file!))).digest('hex'));
    }
    expect(listed.size).toBe(REFERENCE_MODELS.filter((x) => x.file).length);
  });

  it('is where GitHub looks for workflows', () => expect(existsSync(FILE)).toBe(true));
});
