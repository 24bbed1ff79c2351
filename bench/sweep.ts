/**
 * `npm run bench:sweep`: generated documents drawn at random — kind (TD3, TD2,
 * TD1 back, TD1 front with a card-access number), resolution, quarter turn plus
 * up to 10 degrees of skew, JPEG quality, noise (or, with --photos, phone
 * photos: size, keystone, glare, blur) — redacted by the `idredact`
 * CLI in one batch, then each copy checked on its pixels as the accuracy bench
 * checks its fixed set: every MRZ character, the portrait, the document,
 * personal and card-access numbers covered; names and the date of birth
 * untouched. Prints one line per page that fails and a summary; the pages come
 * from a seeded generator (test/fixtures/sweepPages.ts), so a test can draw a
 * failing page again, exactly.
 *
 * Options: --seed N (default 1), --pages N per seed (default 24), --seeds N
 * (consecutive seeds from --seed, default 1), --random-people (each page's holder
 * drawn at random too: names, document number, dates, personal number,
 * card-access number; without it every page shows the same three fixture people),
 * --photos (each page a phone photo: the document drawn at 300 dpi and seen at an
 * angle on a wooden table — photo of 3000x2000, 2000x1500 or 1600x1200 pixels, the
 * document filling 50-95 % of what fits, any quarter turn plus up to 10 degrees,
 * each corner pulled up to 10 % of the document's height for perspective, a patch
 * of glare, blur up to 1.5 pixels, JPEG quality 60-95), --keep (leave the pages,
 * copies and reports in the working folder, for a look, with each page's fields'
 * true corners, and a photo's document corners, in <page>.truth.json), --pairs
 * (each page a flat scan of two documents — a card's front and back,
 * or a passport's data page and a card's front — at 150-300 dpi, each turned its
 * own way, side by side or one above the other, on white or grey).
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BatchReport } from '../shared/report.js';
import { encodeScene } from '../test/fixtures/scene.js';
import { drawSweepPages, sweepProblems, type SweepPage } from '../test/fixtures/sweepPages.js';
import { CLI } from '../test/helpers/cli.js';
import { decode } from '../test/helpers/pixels.js';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

const first = option('--seed', 1);
const pages = option('--pages', 24);
const seeds = option('--seeds', 1);
const randomPeople = process.argv.includes('--random-people');
const keep = process.argv.includes('--keep');
const photos = process.argv.includes('--photos');
const pairs = process.argv.includes('--pairs');
const work = await mkdtemp(path.join(os.tmpdir(), 'idredact-sweep-'));
try {
  let failed = 0;
  let total = 0;
  for (let seed = first; seed < first + seeds; seed++) {
    const cases: { file: string; page: SweepPage }[] = [];
    for (const page of await drawSweepPages(seed, pages, { randomPeople, photos, pairs })) {
      const file = path.join(work, page.name);
      await writeFile(file, await encodeScene(page.scene!, 'jpeg', { quality: page.quality }));
      cases.push({ file, page });
    }
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
      const scene = c.page.scene!;
      // With --keep, where each field truly is (page pixels), beside its page.
      if (keep) {
        const truth = { fields: scene.docs.map((d) => d.fields), corners: c.page.corners };
        await writeFile(`${c.file}.truth.json`, JSON.stringify(truth));
      }
      total++;
      const entry = report.files.find((f) => f.file === c.file)!;
      const problems = entry.output
        ? sweepProblems(scene, await decode(c.file), await decode(entry.output))
        : [`no copy: ${entry.status}`];
      if (problems.length === 0) continue;
      failed++;
      console.log(`${path.basename(c.file)}: ${problems.join(', ')}${c.page.holder ? ` (${c.page.holder})` : ''}`);
    }
  }
  console.log(
    `\n${total - failed} of ${total} pages with everything covered and the holder readable (seeds ${first}-${first + seeds - 1}${randomPeople ? ', random people' : ''}${photos ? ', phone photos' : ''}${pairs ? ', two documents a page' : ''}).`,
  );
} finally {
  if (keep) console.log(`Pages, copies and reports kept in ${work}`);
  else await rm(work, { recursive: true, force: true });
}
