/**
 * A big program for the scale benchmark: a c3voc `schedule.json` (the format frab and pretalx
 * export, which `lectern import schedule-json` reads) of T talks, made up from a seeded PRNG so
 * that every run imports the very same file. `npx tsx bench/scale/generate.ts TALKS [SEED] > FILE`
 * writes one by hand.
 */
import { fileURLToPath } from 'node:url';

export const PROGRAM_SEED = 20_261_208;

/** mulberry32: a tiny, fast PRNG whose whole state is one 32-bit number; floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const WORDS = (
  'python data stream model graph cache index query search build deploy test type async event loop ' +
  'memory network server client browser layout render schedule program speaker review release ' +
  'archive compiler parser kernel driver sensor robot climate energy privacy security crypto key ' +
  'token policy budget team community open source license history future practice lesson story ' +
  'scale latency throughput queue worker thread process signal audio video image text language ' +
  'learning training inference vector matrix tensor storage backup restore migration schema table ' +
  'column row partition shard replica failover cluster container image volume secret config flag ' +
  'metric trace log alert incident pager review design pattern refactor debt legacy rewrite'
).split(' ');
const FIRST_NAMES = (
  'Ada Alan Grace Linus Margaret Dennis Barbara Ken Radia Edsger Frances Donald Hedy John Katherine ' +
  'Tim Sophie Niklaus Jean Guido Anita Bjarne Karen Leslie Shafi Whitfield Joan Vint Mary Yukihiro'
).split(' ');
const LAST_NAMES = (
  'Lovelace Turing Hopper Torvalds Hamilton Ritchie Liskov Thompson Perlman Dijkstra Allen Knuth ' +
  'Lamarr McCarthy Johnson Berners-Lee Wilson Wirth Sammet Rossum Borg Stroustrup Jones Lamport ' +
  'Goldwasser Diffie Clarke Cerf Shaw Matsumoto'
).split(' ');
const TRACKS = ['Data', 'Web', 'Security', 'Hardware', 'Science', 'Community', 'Art', 'Ethics', 'Infrastructure'];
const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22'];

/** Days, time slots and talk length: T talks fill as many rooms as they need. */
const DAYS = 5;
const SLOTS_PER_DAY = 36;
const TALK_MINUTES = 20;
const FIRST_SLOT_HOUR = 8;
const FIRST_DAY = Date.UTC(2027, 6, 5);
/** One talk in this many has a second speaker; there are this many talks per speaker on average. */
const TWO_SPEAKERS_ONE_IN = 10;
const TALKS_PER_SPEAKER = 1.25;

export interface GeneratedProgram {
  acronym: string;
  talks: number;
  rooms: number;
  days: number;
  /** Speakers with at least one talk. */
  speakers: number;
  /** The c3voc schedule.json, as an object ready for JSON.stringify. */
  json: unknown;
}

export function generateProgram(options: { talks: number; seed?: number; acronym?: string }): GeneratedProgram {
  const random = seededRandom(options.seed ?? PROGRAM_SEED);
  const acronym = options.acronym ?? `bench${options.talks}`;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const hex = (digits: number) => Array.from({ length: digits }, () => Math.floor(random() * 16).toString(16)).join('');
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(random() * 4)]}${hex(3)}-${hex(12)}`;
  const words = (min: number, max: number) =>
    Array.from({ length: min + Math.floor(random() * (max - min + 1)) }, () => pick(WORDS)).join(' ');
  const sentence = () => {
    const text = words(8, 16);
    return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
  };
  const paragraph = (min: number, max: number) =>
    Array.from({ length: min + Math.floor(random() * (max - min + 1)) }, sentence).join(' ');
  const title = () =>
    words(3, 7)
      .split(' ')
      .map((word) => `${word[0]!.toUpperCase()}${word.slice(1)}`)
      .join(' ');

  const speakerCount = Math.max(1, Math.round(options.talks / TALKS_PER_SPEAKER));
  const speakers = Array.from({ length: speakerCount }, (_, i) => ({
    guid: uuid(),
    // The number keeps names distinct: the importer tells people without ids apart by name.
    public_name: `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)} ${i + 1}`,
    biography: paragraph(1, 3),
    answers: [],
  }));
  const perRoomAndDay = SLOTS_PER_DAY;
  const roomCount = Math.max(1, Math.ceil(options.talks / (DAYS * perRoomAndDay)));
  const rooms = Array.from({ length: roomCount }, (_, i) => ({ name: `Hall ${i + 1}`, guid: uuid() }));
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = (day: number) => new Date(FIRST_DAY + day * 86_400_000).toISOString().slice(0, 10);

  const days = Array.from({ length: DAYS }, (_, day) => ({
    index: day + 1,
    date: date(day),
    day_start: `${date(day)}T06:00:00+00:00`,
    day_end: `${date(day)}T23:59:00+00:00`,
    rooms: {} as Record<string, unknown[]>,
  }));
  // Filled room by room, day by day, slot by slot, so every talk has its own room and time.
  let id = 0;
  const speaking = new Set<unknown>();
  for (let room = 0; room < roomCount && id < options.talks; room++) {
    for (let day = 0; day < DAYS && id < options.talks; day++) {
      const list: unknown[] = [];
      days[day]!.rooms[rooms[room]!.name] = list;
      for (let slot = 0; slot < perRoomAndDay && id < options.talks; slot++) {
        id++;
        const minutes = FIRST_SLOT_HOUR * 60 + slot * TALK_MINUTES;
        const start = `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
        const persons = [pick(speakers)];
        if (random() * TWO_SPEAKERS_ONE_IN < 1) {
          const second = pick(speakers);
          if (second !== persons[0]) persons.push(second);
        }
        for (const person of persons) speaking.add(person);
        const talkTitle = `${title()} ${id}`;
        list.push({
          id,
          guid: uuid(),
          logo: '',
          date: `${date(day)}T${start}:00+00:00`,
          start,
          duration: `00:${pad(TALK_MINUTES)}`,
          room: rooms[room]!.name,
          slug: `${acronym}-${id}`,
          url: '',
          title: talkTitle,
          subtitle: '',
          track: pick(TRACKS),
          type: 'Talk',
          language: 'en',
          abstract: paragraph(2, 4),
          description: paragraph(3, 6),
          recording_license: '',
          do_not_record: false,
          persons,
          links: [],
          attachments: [],
        });
      }
    }
  }

  const json = {
    $schema: 'https://c3voc.de/schedule/schema.json',
    generator: { name: 'lectern bench/scale/generate.ts', version: String(options.seed ?? PROGRAM_SEED) },
    schedule: {
      version: `scale ${options.talks}`,
      base_url: 'https://bench.example.org/',
      conference: {
        acronym,
        title: `Scale bench, ${options.talks} talks`,
        start: date(0),
        end: date(DAYS - 1),
        daysCount: DAYS,
        time_zone_name: 'UTC',
        tracks: TRACKS.map((name, i) => ({ name, color: COLORS[i] })),
        rooms: rooms.map((room) => ({ ...room, description: null, capacity: null })),
        days,
      },
    },
  };
  return { acronym, talks: id, rooms: roomCount, days: DAYS, speakers: speaking.size, json };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const talks = Number(process.argv[2] ?? '20000');
  const seed = process.argv[3] === undefined ? PROGRAM_SEED : Number(process.argv[3]);
  process.stdout.write(`${JSON.stringify(generateProgram({ talks, seed }).json)}\n`);
}
