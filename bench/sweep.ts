/**
 * `npm run bench:sweep`: generated documents drawn at random — kind (TD3, TD2,
 * TD1 back, TD1 front with a card-access number), resolution, quarter turn plus
 * up to 10 degrees of skew, JPEG quality, noise — redacted by the `idredact`
 * CLI in one batch, then each copy checked on its pixels as the accuracy bench
 * checks its fixed set: every MRZ character, the portrait, the document,
 * personal and card-access numbers covered; names and the date of birth
 * untouched. Prints one line per page that fails and a summary; the cases come
 * from a seeded generator, so a failure can be drawn again.
 *
 * Options: --seed N (default 1), --pages N per seed (default 24), --seeds N
 * (consecutive seeds from --seed, default 1), --random-people (each page's holder
 * drawn at random too: names, document number, dates, personal number,
 * card-access number; without it every page shows the same three fixture people),
 * --keep (leave the pages, copies and reports in the working folder, for a look).
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BatchReport } from '../shared/report.js';
import { drawTd1Back, drawTd1Front, drawTd2, drawTd3, type DrawnDocument } from '../test/fixtures/documents.js';
import { PEOPLE, type Person } from '../test/fixtures/mrzText.js';
import { randomCan, randomPerson, type Random } from '../test/fixtures/randomPeople.js';
import { specimenPortrait } from '../test/fixtures/portraits.js';
import { encodeScene, singleDocumentScene, type Scene } from '../test/fixtures/scene.js';
import { CLI } from '../test/helpers/cli.js';
import { blackShare, decode, unchangedShare } from '../test/helpers/pixels.js';

const MUST_COVER = ['portrait', 'documentNumber', 'personalNumber', 'can'];
const MUST_KEEP = ['surname', 'givenNames', 'birthDate'];
/** Dots per inch the documents are drawn at: 110 makes a card 370 pixels wide, a TD3 page 540. */
const DPIS = [300, 200, 150, 125, 110];
const QUALITIES = [95, 80, 65, 50];
const NOISES = [0, 8, 16];

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

/**
 * A linear congruential generator, in floating point (its products lose low bits
 * past 2^53, so it is no textbook LCG), the same on every run: the same seed
 * draws the same pages.
 */
function seeded(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
}

interface SweepCase {
  file: string;
  scene: Scene;
  /** The page's holder, in a failure's line when drawn at random. */
  holder?: string;
}

/** The holders of one page: the fixture people, or with `random` drawn for the page. */
function holders(random: Random | undefined): { passport: Person; td2: Person; card: Person; can: string } {
  if (!random) return { ...PEOPLE, can: '481516' };
  return {
    passport: randomPerson(random, 'P'),
    // A TD2 MRZ's seven characters of optional data hold no nine-digit number.
    td2: randomPerson(random, 'I', false),
    card: randomPerson(random, 'ID'),
    can: randomCan(random),
  };
}

async function drawCases(work: string, seed: number, pages: number, randomPeople: boolean): Promise<SweepCase[]> {
  const random = seeded(seed);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
  const photo = await specimenPortrait();
  let people = holders(undefined);
  const kinds: [string, (dpi: number) => DrawnDocument][] = [
    ['td3', (dpi) => drawTd3(people.passport, dpi, { photo })],
    ['td2', (dpi) => drawTd2(people.td2, dpi, { photo })],
    ['td1back', (dpi) => drawTd1Back(people.card, dpi)],
    ['td1front', (dpi) => drawTd1Front(people.card, dpi, { photo, can: { value: people.can, labelled: false } })],
  ];
  const cases: SweepCase[] = [];
  for (let i = 0; i < pages; i++) {
    if (randomPeople) people = holders(random);
    const [kind, draw] = pick(kinds);
    const person = kind === 'td3' ? people.passport : kind === 'td2' ? people.td2 : people.card;
    const holder = randomPeople
      ? `${person.surname}, ${person.givenNames}, born ${person.birthDate}, number ${person.documentNumber}` +
        (person.optional ? `, personal ${person.optional}` : '') +
        (kind === 'td1front' ? `, CAN ${people.can}` : '')
      : undefined;
    const dpi = pick(DPIS);
    const angle = pick([0, 90, 180, 270]) + Math.round((random() * 20 - 10) * 10) / 10;
    const quality = pick(QUALITIES);
    const noise = pick(NOISES);
    const scene = singleDocumentScene(draw(dpi), angle, 60, { noise });
    const file = path.join(work, `s${seed}-${i}-${kind}-${dpi}dpi-${angle}deg-q${quality}-noise${noise}.jpg`);
    await writeFile(file, await encodeScene(scene, 'jpeg', { quality }));
    cases.push({ file, scene, holder });
  }
  return cases;
}

/** What is wrong with one copy: fields left partly visible, or kept fields covered. */
async function problemsOf(c: SweepCase, output: string): Promise<string[]> {
  const [copy, input] = await Promise.all([decode(output), decode(c.file)]);
  const problems: string[] = [];
  const percent = (share: number): string => `${Math.round(share * 100)} %`;
  for (const doc of c.scene.docs) {
    if (doc.mrzChars.length > 0 && !doc.mrzChars.flat().every((q) => blackShare(copy, q, 60) >= 0.995))
      problems.push('MRZ not all covered');
    for (const field of MUST_COVER) {
      const quad = doc.fields[field];
      const share = quad && blackShare(copy, quad, 60);
      if (share !== undefined && share < 0.99) problems.push(`${field} ${percent(share)} covered`);
    }
    for (const field of MUST_KEEP) {
      const quad = doc.fields[field];
      const share = quad && unchangedShare(input, copy, quad, 48);
      if (share !== undefined && share < 0.98) problems.push(`${field} only ${percent(share)} untouched`);
    }
  }
  return problems;
}

const first = option('--seed', 1);
const pages = option('--pages', 24);
const seeds = option('--seeds', 1);
const randomPeople = process.argv.includes('--random-people');
const keep = process.argv.includes('--keep');
const work = await mkdtemp(path.join(os.tmpdir(), 'idredact-sweep-'));
try {
  let failed = 0;
  let total = 0;
  for (let seed = first; seed < first + seeds; seed++) {
    const cases = await drawCases(work, seed, pages, randomPeople);
    const reportFile = path.join(work, `report-${seed}.json`);
    const run = spawnSync(
      process.execPath,
      [
        CLI,
        'redact',
        ...cases.map((c) => c.file),
        '--out',
        path.join(work, 'out'),
        '--report',
        reportFile,
        '--jobs',
        '2',
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    if (run.status === null || run.status > 2) throw new Error(`idredact failed with ${run.status}`);
    const report = JSON.parse(await readFile(reportFile, 'utf8')) as BatchReport;
    for (const c of cases) {
      total++;
      const entry = report.files.find((f) => f.file === c.file)!;
      const problems = entry.output ? await problemsOf(c, entry.output) : [`no copy: ${entry.status}`];
      if (problems.length === 0) continue;
      failed++;
      console.log(`${path.basename(c.file)}: ${problems.join(', ')}${c.holder ? ` (${c.holder})` : ''}`);
    }
  }
  console.log(
    `\n${total - failed} of ${total} pages with everything covered and the holder readable (seeds ${first}-${first + seeds - 1}${randomPeople ? ', random people' : ''}).`,
  );
} finally {
  if (keep) console.log(`Pages, copies and reports kept in ${work}`);
  else await rm(work, { recursive: true, force: true });
}
