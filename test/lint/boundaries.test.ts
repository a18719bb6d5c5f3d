import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, rmdir, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ESLint } from 'eslint';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The layering of docs/modules.md, proved on a copy of the repository's src/ and lint config:
 * each test plants a file that breaks one rule and expects lint to report exactly that. The
 * copy keeps planted files out of the working tree; only planted files (and, for no-cycle,
 * what they import) are linted, so the suite stays fast. `npm run lint` covers every file.
 */

const repo = path.resolve(import.meta.dirname, '../..');
let tree: string;
let eslint: ESLint;

interface Problem {
  file: string;
  line: number;
  rule: string | null;
  message: string;
}

beforeAll(async () => {
  tree = await mkdtemp(path.join(tmpdir(), 'lectern-lint-'));
  for (const entry of ['src', 'test/helpers', 'docs/modules.md', 'eslint.config.js', 'tsconfig.json', 'package.json']) {
    await cp(path.join(repo, entry), path.join(tree, entry), { recursive: true });
  }
  await symlink(path.join(repo, 'node_modules'), path.join(tree, 'node_modules'), 'dir');
  eslint = new ESLint({ cwd: tree });
});

afterAll(async () => {
  if (tree) await rm(tree, { recursive: true, force: true });
});

/** Writes the files into the copy, lints them, and returns every problem found. */
async function lintPlanted(files: Record<string, string>, linter = eslint): Promise<Problem[]> {
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(tree, file)), { recursive: true });
    await writeFile(path.join(tree, file), text);
  }
  try {
    const results = await linter.lintFiles(Object.keys(files));
    return results.flatMap((result) =>
      result.messages.map((m) => ({
        file: path.relative(tree, result.filePath),
        line: m.line,
        rule: m.ruleId,
        message: m.message,
      })),
    );
  } finally {
    for (const file of Object.keys(files)) await rm(path.join(tree, file));
  }
}

/**
 * The first import cycle among the code files under `src` of `root`, type-only imports included
 * (import-x/no-cycle skips those, as they vanish at run time, but a cycle of types is still a
 * knot in the design); an empty list when there is none.
 */
async function findImportCycle(root: string): Promise<string[]> {
  const files = (await readdir(path.join(root, 'src'), { recursive: true }))
    .filter((file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file))
    .map((file) => path.join('src', file));
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(await readFile(path.join(root, file), 'utf8'), true, true);
    graph.set(
      file,
      importedFiles
        .filter(({ fileName }) => fileName.startsWith('.'))
        .flatMap(({ fileName }) => {
          const target = path.join(path.dirname(file), fileName).replace(/\.js$/, '');
          return ['.ts', '.tsx'].map((ext) => target + ext).filter((f) => existsSync(path.join(root, f)));
        }),
    );
  }
  const done = new Set<string>();
  const visit = (file: string, trail: string[]): string[] => {
    if (trail.includes(file)) return [...trail.slice(trail.indexOf(file)), file];
    if (done.has(file)) return [];
    for (const next of graph.get(file) ?? []) {
      const cycle = visit(next, [...trail, file]);
      if (cycle.length > 0) return cycle;
    }
    done.add(file);
    return [];
  };
  for (const file of files) {
    const cycle = visit(file, []);
    if (cycle.length > 0) return cycle;
  }
  return [];
}

const deepImport = (module: string, from: string) =>
  `Unexpected path "${from}" imported in restricted zone. Import the ${module} module through src/modules/${module}/index.js only.`;

describe('module boundaries', () => {
  it('finds no problem in the modules as they are, nor in what their indexes import', async () => {
    const results = await eslint.lintFiles(['src/modules/*/index.ts']);
    expect(results.flatMap((r) => r.messages)).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(9);
  });

  it('reports both files of a two-file import cycle', async () => {
    const problems = await lintPlanted({
      'src/modules/program/planted-a.ts': "import { b } from './planted-b.js';\nexport const a = (): unknown => b;\n",
      'src/modules/program/planted-b.ts': "import { a } from './planted-a.js';\nexport const b = (): unknown => a;\n",
    });
    expect(problems).toEqual([
      {
        file: 'src/modules/program/planted-a.ts',
        line: 1,
        rule: 'import-x/no-cycle',
        message: 'Dependency cycle detected',
      },
      {
        file: 'src/modules/program/planted-b.ts',
        line: 1,
        rule: 'import-x/no-cycle',
        message: 'Dependency cycle detected',
      },
    ]);
  });

  it('finds no import cycle in src/, type-only imports included', async () => {
    expect(await findImportCycle(repo)).toEqual([]);
  });

  it('finds a cycle of type-only imports, which no-cycle leaves alone', async () => {
    const planted = {
      'src/modules/agenda/planted-a.ts': "import type { B } from './planted-b.js';\nexport interface A { b: B }\n",
      'src/modules/agenda/planted-b.ts': "import type { A } from './planted-a.js';\nexport interface B { a: A }\n",
    };
    expect(await lintPlanted(planted)).toEqual([]);
    for (const [file, text] of Object.entries(planted)) await writeFile(path.join(tree, file), text);
    try {
      expect(await findImportCycle(tree)).toEqual([
        'src/modules/agenda/planted-a.ts',
        'src/modules/agenda/planted-b.ts',
        'src/modules/agenda/planted-a.ts',
      ]);
    } finally {
      for (const file of Object.keys(planted)) await rm(path.join(tree, file));
    }
  });

  it('reports an import past another module’s index, from a module, web/ and cli/', async () => {
    const problems = await lintPlanted({
      'src/modules/agenda/planted.ts':
        "import { trackNameKey } from '../program/names.js';\nexport const x = trackNameKey;\n",
      'src/web/planted.ts':
        "import { trackNameKey } from '../modules/program/names.js';\nexport const x = trackNameKey;\n",
      'src/cli/planted.ts':
        "import { loadEventProgram } from '../modules/agenda/event-program.js';\nexport const x = loadEventProgram;\n",
    });
    expect(problems).toEqual([
      {
        file: 'src/modules/agenda/planted.ts',
        line: 1,
        rule: 'import-x/no-restricted-paths',
        message: deepImport('program', '../program/names.js'),
      },
      {
        file: 'src/web/planted.ts',
        line: 1,
        rule: 'import-x/no-restricted-paths',
        message: deepImport('program', '../modules/program/names.js'),
      },
      {
        file: 'src/cli/planted.ts',
        line: 1,
        rule: 'import-x/no-restricted-paths',
        message: deepImport('agenda', '../modules/agenda/event-program.js'),
      },
    ]);
  });

  it('reports a deep import from a test beside the code too', async () => {
    const problems = await lintPlanted({
      'src/modules/exchange/planted.test.ts':
        "import { trackNameKey } from '../program/names.js';\nexport const x = trackNameKey;\n",
    });
    expect(problems).toEqual([
      {
        file: 'src/modules/exchange/planted.test.ts',
        line: 1,
        rule: 'import-x/no-restricted-paths',
        message: deepImport('program', '../program/names.js'),
      },
    ]);
  });

  it('reports a module importing a module the table does not allow, even for types only', async () => {
    const problems = await lintPlanted({
      'src/modules/mail/planted.ts':
        "import type { EventRecord } from '../program/index.js';\nexport type X = EventRecord;\n",
    });
    expect(problems).toEqual([
      {
        file: 'src/modules/mail/planted.ts',
        line: 1,
        rule: 'import-x/no-restricted-paths',
        message:
          'Unexpected path "../program/index.js" imported in restricted zone. The mail module may import only access (docs/modules.md).',
      },
    ]);
  });

  it('reports code under src/ importing test/, and lets a test beside the code do it', async () => {
    const line = "import { testDatabase } from '../../../test/helpers/database.js';\nexport const x = testDatabase;\n";
    const problems = await lintPlanted({
      'src/modules/review/planted.ts': line,
      'src/modules/review/planted.test.ts': line,
    });
    expect(problems).toEqual([
      {
        file: 'src/modules/review/planted.ts',
        line: 1,
        rule: 'import-x/no-restricted-paths',
        message:
          'Unexpected path "../../../test/helpers/database.js" imported in restricted zone. Code under src/ never imports from test/ (only *.test.ts files beside it may).',
      },
    ]);
  });

  it('reports an import that resolves to no file', async () => {
    const problems = await lintPlanted({
      'src/modules/cfp/planted.ts': "import { x } from './nowhere.js';\nexport const y = x;\n",
    });
    expect(problems).toEqual([
      {
        file: 'src/modules/cfp/planted.ts',
        line: 1,
        rule: 'import-x/no-unresolved',
        message: "Unable to resolve path to module './nowhere.js'.",
      },
    ]);
  });

  it('lets each module import exactly the modules docs/modules.md lists for it', async () => {
    const doc = await readFile(path.join(tree, 'docs/modules.md'), 'utf8');
    const table = new Map(
      [...doc.matchAll(/^\| `([a-z]+)` +\| ([^|]+)\|/gm)].map(([, module, imports]) => [
        module!,
        [...imports!.matchAll(/`([a-z]+)`/g)].map(([, name]) => name!).sort(),
      ]),
    );
    const modules = [...table.keys()];
    expect(modules.sort()).toEqual(
      ['access', 'accounts', 'agenda', 'cfp', 'exchange', 'mail', 'program', 'review', 'schedule', 'webhooks'].sort(),
    );
    const withoutCycleCheck = new ESLint({ cwd: tree, overrideConfig: { rules: { 'import-x/no-cycle': 'off' } } });
    for (const module of modules) {
      const others = modules.filter((other) => other !== module);
      const files = Object.fromEntries(
        others.map((other) => [
          `src/modules/${module}/planted-${other}.ts`,
          `import * as other from '../${other}/index.js';\nexport const x = other;\n`,
        ]),
      );
      const refused = new Set((await lintPlanted(files, withoutCycleCheck)).map((p) => p.file));
      const allowed = others.filter((other) => !refused.has(`src/modules/${module}/planted-${other}.ts`));
      expect({ module, allowed }).toEqual({ module, allowed: table.get(module) });
    }
  });

  it('refuses a module table with a cycle, and a module missing from it', async () => {
    const config = await readFile(path.join(tree, 'eslint.config.js'), 'utf8');
    const cyclic = config.replace(
      "program: ['accounts', 'webhooks'],",
      "program: ['accounts', 'webhooks', 'exchange'],",
    );
    expect(cyclic).not.toBe(config);
    await writeFile(path.join(tree, 'eslint.cyclic.config.js'), cyclic);
    await expect(new ESLint({ cwd: tree, overrideConfigFile: 'eslint.cyclic.config.js' }).lintText('')).rejects.toThrow(
      'eslint.config.js: MODULE_IMPORTS has a cycle: program → exchange → agenda → program',
    );

    // A fresh file name: ESLint would reuse the config module it already loaded.
    await writeFile(path.join(tree, 'eslint.fresh.config.js'), config);
    await mkdir(path.join(tree, 'src/modules/planted'));
    try {
      await expect(
        new ESLint({ cwd: tree, overrideConfigFile: 'eslint.fresh.config.js' }).lintText(''),
      ).rejects.toThrow('eslint.config.js: src/modules/planted is missing from MODULE_IMPORTS (and docs/modules.md)');
    } finally {
      await rmdir(path.join(tree, 'src/modules/planted'));
    }
  });
});
