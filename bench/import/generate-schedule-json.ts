/**
 * Writes a seeded c3voc schedule.json of many talks, for timing `lectern import schedule-json`
 * at scale: `npx tsx bench/import/generate-schedule-json.ts FILE [TALKS] [SEED]` (20,000 talks
 * by default). The same arguments write the same file, byte for byte. One talk in twenty has a
 * speaker whose avatar is an http:// address and one in fifty a language of more than 50
 * characters, so that the report has two kinds of warning repeated many times.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export const DEFAULT_TALKS = 20_000;
export const DEFAULT_SEED = 20_261_208;
const DAYS = 4;
const TALK_MINUTES = 30;
/** Talks per room and day: 09:00 to 23:00. */
const TALKS_PER_ROOM_DAY = 28;

const WORDS = (
  'distributed systems python rust typescript database postgres search index query planner compiler ' +
  'garbage collector memory safety concurrency async await network protocol privacy security audit ' +
  'hardware firmware radio satellite climate energy grid transport bicycle city housing archive library ' +
  'museum music synthesizer video streaming camera sensor robot drone kernel scheduler container cluster ' +
  'observability logging metrics tracing testing fuzzing formal verification proof type inference ' +
  'accessibility design typography language translation education school open source licence community ' +
  'governance election democracy surveillance encryption keys signatures payments banking economy'
).split(' ');
const FIRST =
  'Ada Alan Grace Linus Margaret Barbara Dennis Ken Radia Frances Edsger Donald Tim Vint Hedy Katherine Annie Sophie Jon Mary'.split(
    ' ',
  );
const LAST =
  'Lovelace Turing Hopper Torvalds Hamilton Liskov Ritchie Thompson Perlman Allen Dijkstra Knuth Berners-Lee Cerf Lamarr Johnson Easley Wilson Postel Shelley'.split(
    ' ',
  );
const TRACKS = [
  'Hardware & Making',
  'Security',
  'Science',
  'Ethics, Society & Politics',
  'Art & Culture',
  'Resilience',
];
const TYPES = ['Talk', 'Lightning talk', 'Workshop'];

/** mulberry32: small, seeded, good enough for test data. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A version-4-shaped UUID from the generator. */
function uuid(next: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16));
  hex[12] = '4';
  hex[16] = '89ab'[Math.floor(next() * 4)]!;
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

export function generateScheduleJson(talkCount = DEFAULT_TALKS, seed = DEFAULT_SEED): string {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const words = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const sentence = (n: number) => {
    const text = words(n);
    return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
  };
  const people = Array.from({ length: Math.max(1, Math.round(talkCount * 0.7)) }, (_, i) => ({
    guid: uuid(next),
    code: `P${i.toString(36).toUpperCase().padStart(5, '0')}`,
    public_name: `${pick(FIRST)} ${pick(LAST)} ${i + 1}`,
    biography: `${sentence(12)} ${sentence(10)}`,
  }));
  const roomCount = Math.max(1, Math.ceil(talkCount / (DAYS * TALKS_PER_ROOM_DAY)));
  const rooms = Array.from({ length: roomCount }, (_, i) => ({ name: `Hall ${i + 1}`, guid: uuid(next) }));
  const days = Array.from({ length: DAYS }, (_, d) => {
    const date = `2026-12-${String(27 + d).padStart(2, '0')}`;
    return {
      index: d + 1,
      date,
      day_start: `${date}T09:00:00+01:00`,
      day_end: `${date}T23:00:00+01:00`,
      rooms: Object.fromEntries(rooms.map((r) => [r.name, [] as unknown[]])),
    };
  });
  for (let i = 0; i < talkCount; i++) {
    const day = days[Math.floor(i / (roomCount * TALKS_PER_ROOM_DAY)) % DAYS]!;
    const room = rooms[i % roomCount]!;
    const slot = Math.floor(i / roomCount) % TALKS_PER_ROOM_DAY;
    const minutes = 9 * 60 + slot * TALK_MINUTES;
    const start = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
    const speakerCount = 1 + Math.floor(next() * next() * 3);
    const persons = Array.from({ length: speakerCount }, () => pick(people)).filter(
      (p, j, all) => all.indexOf(p) === j,
    );
    const title = sentence(3 + Math.floor(next() * 5)).slice(0, -1);
    const avatarRefused = i % 20 === 7;
    (day.rooms[room.name] as unknown[]).push({
      guid: uuid(next),
      id: 100_000 + i,
      date: `${day.date}T${start}:00+01:00`,
      start,
      duration: '00:30',
      room: room.name,
      slug: `bench-${i + 1}`,
      title,
      subtitle: '',
      track: pick(TRACKS),
      type: pick(TYPES),
      language: i % 50 === 3 ? `en ${'and more words '.repeat(4)}` : pick(['en', 'de']),
      abstract: `${sentence(20)} ${sentence(25)}`,
      description: `${sentence(40)}\n\n${sentence(40)}`,
      persons: persons.map((p, j) => ({
        ...p,
        ...(avatarRefused && j === 0 ? { avatar: `http://example.org/avatars/${p.code}.png` } : {}),
      })),
      links: [],
      attachments: [],
    });
  }
  return JSON.stringify({
    $schema: 'https://c3voc.de/schedule/schema.json',
    generator: { name: 'lectern-bench', version: '1' },
    schedule: {
      version: 'bench-1',
      base_url: 'https://bench.example.org/',
      conference: {
        acronym: 'bench2026',
        title: `Import benchmark (${talkCount} talks)`,
        start: days[0]!.date,
        end: days.at(-1)!.date,
        daysCount: DAYS,
        timeslot_duration: '00:30',
        time_zone_name: 'Europe/Berlin',
        rooms: rooms.map((r) => ({ name: r.name, guid: r.guid })),
        tracks: TRACKS.map((name) => ({ name, color: '#1f5f8b' })),
        days,
      },
    },
  });
}

async function main(): Promise<void> {
  const [file, talks, seed] = process.argv.slice(2);
  if (file === undefined) throw new Error('usage: generate-schedule-json.ts FILE [TALKS] [SEED]');
  const json = generateScheduleJson(
    talks === undefined ? DEFAULT_TALKS : Number(talks),
    seed === undefined ? DEFAULT_SEED : Number(seed),
  );
  await writeFile(file, json);
  process.stdout.write(`${file}: ${json.length} bytes\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
