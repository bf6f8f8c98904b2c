// @vitest-environment node
/**
 * The import boundaries and the no-cycles rule are enforced by Biome (biome.json), not by memory.
 * These tests run the real Biome on small files that break each rule, written into the folders
 * the rules cover and removed afterwards, so deleting or loosening a rule fails here.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const BIOME = join(ROOT, 'node_modules/.bin/biome');
const TAG = `boundary-probe-${process.pid}-${Date.now()}`;

type Diagnostic = { category: string; location: { path: string } };

/** Lints the given repo-relative files with the project's biome.json; returns the diagnostics by file. */
function lint(files: string[]): Map<string, string[]> {
  let out: string;
  try {
    out = execFileSync(BIOME, ['lint', '--reporter=json', '--max-diagnostics=none', ...files], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    // Biome exits 1 when it finds errors, which is what most probes are for.
    out = (e as { stdout: string }).stdout;
  }
  const report = JSON.parse(out) as { diagnostics: Diagnostic[] };
  const byFile = new Map<string, string[]>(files.map((f) => [f, []]));
  for (const d of report.diagnostics) byFile.get(d.location.path)?.push(d.category);
  return byFile;
}

const RESTRICTED = 'lint/style/noRestrictedImports';
const CYCLE = 'lint/suspicious/noImportCycles';

/** Each probe: a folder a rule covers, one import, and whether the rule must refuse it. */
const PROBES: { name: string; dir: string; from: string; refused: boolean }[] = [
  // The content script never opens the database, the worker, or an API client.
  { name: 'content -> idb', dir: 'lib/content', from: 'idb', refused: true },
  { name: 'content -> worker db', dir: 'lib/content', from: '@/lib/worker/db', refused: true },
  { name: 'content -> worker engine (relative)', dir: 'lib/content/ui', from: '../../worker/engine', refused: true },
  { name: 'content -> Inkthreadable client', dir: 'lib/content', from: '@/lib/inkthreadable/client', refused: true },
  { name: 'content -> Inkthreadable signing', dir: 'lib/content', from: '../inkthreadable/sign', refused: true },
  { name: 'content -> Inkthreadable barrel', dir: 'lib/content', from: '@/lib/inkthreadable', refused: true },
  { name: 'content -> Big Cartel client', dir: 'lib/content', from: '@/lib/bigcartel/client', refused: true },
  { name: 'content -> http', dir: 'lib/content', from: '@/lib/http', refused: true },
  // The always-on overlay never loads Preact.
  { name: 'content -> preact', dir: 'lib/content/ui', from: 'preact', refused: true },
  { name: 'content -> preact/hooks', dir: 'lib/content', from: 'preact/hooks', refused: true },
  // Extension pages never open the database, the worker, or an API client.
  { name: 'components -> idb', dir: 'components/options', from: 'idb', refused: true },
  { name: 'components -> worker engine', dir: 'components/popup', from: '@/lib/worker/engine', refused: true },
  { name: 'components -> worker db (relative)', dir: 'components/popup', from: '../../lib/worker/db', refused: true },
  {
    name: 'components -> Inkthreadable signing',
    dir: 'components/dialog',
    from: '@/lib/inkthreadable/sign',
    refused: true,
  },
  { name: 'components -> Big Cartel client', dir: 'components/options', from: '@/lib/bigcartel/client', refused: true },
  // Pages and the content script never import each other's code: what both use is shared.
  { name: 'options -> content dialog', dir: 'components/options', from: '@/lib/content/dialog', refused: true },
  {
    name: 'popup -> content host (relative)',
    dir: 'components/popup',
    from: '../../../lib/content/host',
    refused: true,
  },
  {
    name: 'content -> link dialog component',
    dir: 'lib/content',
    from: '@/components/dialog/LinkDialog',
    refused: true,
  },
  {
    name: 'content -> pages shared (relative)',
    dir: 'lib/content/ui',
    from: '../../../../components/shared/format',
    refused: true,
  },
  // Shared code never imports a process's code, and the worker never imports the others'.
  { name: 'theme -> content host (relative)', dir: 'lib/theme', from: '../../content/host', refused: true },
  { name: 'page reading -> worker', dir: 'lib/bigcartel/page', from: '@/lib/worker/engine', refused: true },
  { name: 'Inkthreadable -> pages', dir: 'lib/inkthreadable', from: '@/components/popup/Popup', refused: true },
  { name: 'worker -> content', dir: 'lib/worker', from: '@/lib/content/host', refused: true },
  {
    name: 'worker -> pages (relative)',
    dir: 'lib/worker/handlers',
    from: '../../../../components/shared/format',
    refused: true,
  },
  // What they may import: the protocol and shared pure code; the pages (and the dialog) use Preact.
  {
    name: 'options -> link dialog contract (allowed)',
    dir: 'components/options',
    from: '@/lib/link-dialog',
    refused: false,
  },
  { name: 'content -> the overlay look (allowed)', dir: 'lib/content', from: '@/lib/theme/host', refused: false },
  { name: 'worker -> Big Cartel client (allowed)', dir: 'lib/worker', from: '@/lib/bigcartel/client', refused: false },
  { name: 'content -> protocol (allowed)', dir: 'lib/content', from: '@/lib/protocol', refused: false },
  { name: 'content -> page reading (allowed)', dir: 'lib/content', from: '../bigcartel/page', refused: false },
  {
    name: 'content -> Inkthreadable schemas (allowed)',
    dir: 'lib/content',
    from: '@/lib/inkthreadable/schemas',
    refused: false,
  },
  { name: 'dialog -> preact (allowed)', dir: 'components/dialog', from: 'preact', refused: false },
  { name: 'options -> preact/hooks (allowed)', dir: 'components/options', from: 'preact/hooks', refused: false },
];

const written = new Set<string>();
function write(file: string, text: string): void {
  mkdirSync(dirname(join(ROOT, file)), { recursive: true });
  written.add(dirname(file));
  writeFileSync(join(ROOT, file), text);
}

afterAll(() => {
  for (const dir of written) rmSync(join(ROOT, dir), { recursive: true, force: true });
});

describe('import boundaries (Biome noRestrictedImports)', () => {
  const files = PROBES.map((p, i) => `${p.dir}/${TAG}/probe-${i}.ts`);
  let found: Map<string, string[]>;

  beforeAll(() => {
    PROBES.forEach((p, i) => {
      write(files[i]!, `import * as probe from '${p.from}';\n\nexport const used = probe;\n`);
    });
    found = lint(files);
  }, 60_000);

  it.each(PROBES.map((p, i) => [p.name, p, i] as const))('%s', (_name, probe, i) => {
    const categories = found.get(files[i]!) ?? [];
    if (probe.refused) expect(categories).toContain(RESTRICTED);
    else expect(categories).not.toContain(RESTRICTED);
  });
});

describe('no import cycles (Biome noImportCycles)', () => {
  const dir = `lib/${TAG}`;

  it('refuses two modules that import each other, through the @/ alias too', () => {
    write(`${dir}/a.ts`, `import { b } from '@/${dir}/b';\n\nexport const a = (): number => b() + 1;\n`);
    write(`${dir}/b.ts`, `import { a } from './a';\n\nexport const b = (): number => (a === undefined ? 0 : 1);\n`);
    const found = lint([`${dir}/a.ts`, `${dir}/b.ts`]);
    expect(found.get(`${dir}/a.ts`)).toContain(CYCLE);
    expect(found.get(`${dir}/b.ts`)).toContain(CYCLE);
  }, 60_000);

  it('refuses a cycle made only of type imports', () => {
    write(`${dir}/c.ts`, `import type { D } from './d';\n\nexport type C = { d?: D };\n`);
    write(`${dir}/d.ts`, `import type { C } from './c';\n\nexport type D = { c?: C };\n`);
    const found = lint([`${dir}/c.ts`, `${dir}/d.ts`]);
    expect(found.get(`${dir}/c.ts`)).toContain(CYCLE);
  }, 60_000);

  it('accepts imports that go one way', () => {
    write(`${dir}/e.ts`, `export const e = 1;\n`);
    write(`${dir}/f.ts`, `import { e } from './e';\n\nexport const f = e + 1;\n`);
    const found = lint([`${dir}/e.ts`, `${dir}/f.ts`]);
    expect(found.get(`${dir}/f.ts`)).not.toContain(CYCLE);
    expect(found.get(`${dir}/e.ts`)).not.toContain(CYCLE);
  }, 60_000);
});
