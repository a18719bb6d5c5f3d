import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateAssignments, readScheduleProblem } from '../../src/modules/schedule/index.js';
import { ROOT, runLectern, type CliDatabase } from '../helpers/cli.js';

/**
 * `lectern schedule-bench FILE.json --seconds S [--seed N]`, run in this process: it opens no
 * database (the CLI is handed one that fails if opened), reads a bench instance, and prints the
 * schedule, its missed preferred talks and the bound as one JSON line.
 */

const noDatabase: CliDatabase = {
  env: { ...process.env, LOG_LEVEL: 'silent' },
  open: () => Promise.reject(new Error('schedule-bench must not open a database')),
  drop: async () => {},
};

const S_FILE = 'bench/schedule/instances/s.json';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'lectern-schedule-bench-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('lectern schedule-bench', () => {
  it('prints the schedule, its missed preferred talks and the lower bound', async () => {
    const result = await runLectern(noDatabase, ['schedule-bench', S_FILE, '--seconds', '3', '--seed', '7']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as {
      assignments: { talk: string; slot: string; room: string }[];
      missed: number;
      lowerBound: number | null;
    };
    expect(Object.keys(printed)).toEqual(['assignments', 'missed', 'lowerBound']);
    const problem = readScheduleProblem(JSON.parse(await readFile(path.join(ROOT, S_FILE), 'utf8')));
    const evaluation = evaluateAssignments(problem, printed.assignments);
    expect(evaluation.violations).toEqual([]);
    expect(printed.assignments.map((a) => a.talk).sort()).toEqual(problem.talks.map((t) => t.id).sort());
    expect(printed.missed).toBe(evaluation.terms.missed);
    expect(printed.lowerBound).toEqual(expect.any(Number));
    expect(printed.lowerBound).toBeLessThanOrEqual(printed.missed);
    expect(result.stdout.endsWith('}\n')).toBe(true);
  });

  it('refuses a bad instance naming the file and the field', async () => {
    const instance = JSON.parse(await readFile(path.join(ROOT, S_FILE), 'utf8')) as {
      talks: { durationMin: unknown }[];
    };
    instance.talks[2]!.durationMin = 'long';
    const file = path.join(dir, 'bad.json');
    await writeFile(file, JSON.stringify(instance));
    const shown = path.relative(ROOT, file);
    expect(await runLectern(noDatabase, ['schedule-bench', file, '--seconds', '1'])).toEqual({
      code: 1,
      stdout: '',
      stderr: `lectern: ${shown}: /talks/2/durationMin must be an integer of at least 1\n`,
    });
    await writeFile(file, '{"format":');
    const notJson = await runLectern(noDatabase, ['schedule-bench', file, '--seconds', '1']);
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toMatch(new RegExp(`^lectern: cannot read ${shown}: not JSON \\(`));
    expect(await runLectern(noDatabase, ['schedule-bench', 'nowhere.json', '--seconds', '1'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'lectern: cannot read nowhere.json: no such file\n',
    });
  });

  it('exits with 2 on a mistyped command line', async () => {
    const noSeconds = await runLectern(noDatabase, ['schedule-bench', S_FILE]);
    expect(noSeconds.code).toBe(2);
    expect(noSeconds.stderr).toMatch(/^lectern: schedule-bench needs --seconds S\n\nUsage: lectern/);
    expect(await runLectern(noDatabase, ['schedule-bench', S_FILE, '--seconds', 'soon'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'lectern: --seconds must be a positive number, got "soon"\nRun "lectern --help" for usage.\n',
    });
    expect(await runLectern(noDatabase, ['schedule-bench', S_FILE, '--seconds', '1', '--seed', '1.5'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'lectern: --seed must be a whole number from 0 to 4294967295, got "1.5"\nRun "lectern --help" for usage.\n',
    });
  });
});
