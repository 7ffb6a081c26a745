import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// No import circle anywhere in the app's code, type-only imports included: a circle
// is a definition in the wrong module (docs/architecture.md, "Where code goes").
const ROOT = path.resolve(__dirname, '../..');
const SOURCE_DIRS = ['electron', 'shared', 'renderer'];

type Graph = Map<string, string[]>;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(p);
    return /\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** The file a relative specifier names, as bundlers resolve it; package imports are not edges. */
function resolveImport(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), specifier);
  const candidates = [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')];
  return candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile()) ?? null;
}

/** Every import, `import type`, re-export and dynamic `import()` between the given files. */
function importGraph(files: readonly string[]): Graph {
  return new Map(
    files.map((file) => {
      const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
      const targets = importedFiles.flatMap((ref) => resolveImport(file, ref.fileName) ?? []);
      return [file, [...new Set(targets)]];
    }),
  );
}

/** The strongly connected components with more than one module, or a module importing itself (Tarjan). */
function circles(graph: Graph): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];

  function visit(v: string): void {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || graph.get(v)?.includes(v)) found.push(component);
  }

  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('import graph', () => {
  it('finds a circle, type-only imports included (the check can fail)', () => {
    const graph: Graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
      ['e.ts', ['e.ts']],
    ]);
    expect(circles(graph).map((c) => [...c].sort())).toEqual([['a.ts', 'b.ts', 'c.ts'], ['e.ts']]);
  });

  it('reads type-only imports, re-exports and dynamic imports as edges', () => {
    const dir = fs.mkdtempSync(path.join(ROOT, 'node_modules', '.import-graph-'));
    try {
      const write = (name: string, code: string) => fs.writeFileSync(path.join(dir, name), code);
      write('a.ts', "import type { B } from './b';\nexport type A = B;\n");
      write('b.ts', "export * from './c';\nexport type B = number;\n");
      write('c.ts', "export const load = () => import('./a');\n");
      const graph = importGraph(['a.ts', 'b.ts', 'c.ts'].map((f) => path.join(dir, f)));
      expect(circles(graph)).toHaveLength(1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has no circle in electron/, shared/ or renderer/', () => {
    const files = SOURCE_DIRS.flatMap((d) => sourceFiles(path.join(ROOT, d)));
    expect(files.length).toBeGreaterThan(100);
    const found = circles(importGraph(files)).map((c) => c.map((f) => path.relative(ROOT, f)).sort());
    expect(found).toEqual([]);
  });
});
