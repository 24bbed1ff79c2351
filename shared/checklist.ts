import type { PageReport } from './report.js';

/**
 * The four things organisations ask requesters to hide, and the small second
 * copy of the photo many documents print (the ghost portrait), which the face
 * detector often misses and a person should look for.
 */
export const CHECKLIST_ITEMS = ['portrait', 'ghostPortrait', 'mrz', 'documentNumber', 'personalNumber'] as const;
export type ChecklistItem = (typeof CHECKLIST_ITEMS)[number];

/**
 * covered: at least one cover of that kind; missing: nothing found, a person
 * should look ("not found — check"); absent: the document shows it does not
 * carry one (a card back has no photo, an MRZ without optional data holds no
 * personal number); look: nothing found, and many documents carry none, so a
 * person should look (the ghost portrait).
 */
export type ChecklistState = 'covered' | 'missing' | 'absent' | 'look';

export type Checklist = Record<ChecklistItem, ChecklistState>;

/** What the pages' current regions cover, for the review screen's checklist. */
export function checklistFor(pages: readonly Pick<PageReport, 'regions' | 'mrz'>[]): Checklist {
  const regions = pages.flatMap((p) => p.regions);
  const mrz = pages.flatMap((p) => p.mrz);
  const has = (...kinds: string[]): boolean => regions.some((r) => kinds.includes(r.kind));
  const onlyCardBacks = mrz.length > 0 && mrz.every((m) => m.format === 'TD1');
  const noOptionalData = mrz.length > 0 && mrz.every((m) => m.allChecksValid && !m.hasOptionalData);
  return {
    portrait: has('portrait', 'ghost_portrait') ? 'covered' : onlyCardBacks ? 'absent' : 'missing',
    ghostPortrait: has('ghost_portrait') ? 'covered' : onlyCardBacks ? 'absent' : 'look',
    mrz: has('mrz') ? 'covered' : 'missing',
    documentNumber: has('document_number') ? 'covered' : onlyCardBacks ? 'absent' : 'missing',
    personalNumber: has('personal_number') ? 'covered' : noOptionalData ? 'absent' : 'missing',
  };
}
