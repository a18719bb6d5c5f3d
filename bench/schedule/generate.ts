/**
 * Writes the schedule benchmark's instances (confsched-bench/0.1) to bench/schedule/instances/:
 * `npx tsx bench/schedule/generate.ts [SEED]`. The same seed writes the same files, byte for byte.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { BENCH_SIZES, generateInstance } from '../../src/modules/schedule/index.js';

export const INSTANCE_SEED = 20_261_207;
export const INSTANCES_DIR = fileURLToPath(new URL('./instances/', import.meta.url));

export function instanceFile(size: keyof typeof BENCH_SIZES): string {
  return `${INSTANCES_DIR}${size.toLowerCase()}.json`;
}

async function main(): Promise<void> {
  const seed = process.argv[2] === undefined ? INSTANCE_SEED : Number(process.argv[2]);
  await mkdir(INSTANCES_DIR, { recursive: true });
  for (const size of Object.keys(BENCH_SIZES) as (keyof typeof BENCH_SIZES)[]) {
    const instance = generateInstance(BENCH_SIZES[size], seed);
    // One talk or ballot per line: small diffs, still plain JSON.
    const lines = [
      `{"format":${JSON.stringify(instance.format)},"name":${JSON.stringify(instance.name)},`,
      `"slots":[\n${instance.slots.map((x) => JSON.stringify(x)).join(',\n')}],`,
      `"rooms":[\n${instance.rooms.map((x) => JSON.stringify(x)).join(',\n')}],`,
      `"talks":[\n${instance.talks.map((x) => JSON.stringify(x)).join(',\n')}],`,
      `"ballots":[\n${instance.ballots.map((x) => JSON.stringify(x)).join(',\n')}]}`,
    ];
    await writeFile(instanceFile(size), `${lines.join('\n')}\n`);
    process.stdout.write(`${instanceFile(size)}: ${instance.talks.length} talks, ${instance.ballots.length} ballots\n`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
