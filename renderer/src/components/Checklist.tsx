import { CHECKLIST_ITEMS, type Checklist as ChecklistStates, type ChecklistState } from '../../../shared/checklist.js';
import { useT, type StringKey } from '../i18n.js';

const ITEM_LABEL: Record<(typeof CHECKLIST_ITEMS)[number], StringKey> = {
  portrait: 'itemPortrait',
  ghostPortrait: 'itemGhostPortrait',
  mrz: 'itemMrz',
  documentNumber: 'itemDocumentNumber',
  personalNumber: 'itemPersonalNumber',
};
const STATE_LABEL: Record<ChecklistState, StringKey> = {
  covered: 'stateCovered',
  missing: 'stateMissing',
  absent: 'stateAbsent',
  look: 'stateLook',
};
const STATE_MARK: Record<ChecklistState, string> = { covered: '✓', missing: '!', absent: '–', look: '?' };

/**
 * Photo / ghost photo / MRZ / document number / personal number: covered, not
 * found — check, not on this document, or (the ghost photo) none found — look.
 */
export function Checklist({ states }: { states: ChecklistStates }) {
  const t = useT();
  return (
    <section aria-labelledby="checklist-title" className="panel">
      <h2 id="checklist-title">{t('checklist')}</h2>
      <ul className="checklist">
        {CHECKLIST_ITEMS.map((item) => (
          <li key={item} className={`check-${states[item]}`} data-item={item} data-state={states[item]}>
            <span aria-hidden="true" className="mark">
              {STATE_MARK[states[item]]}
            </span>
            <span className="item">{t(ITEM_LABEL[item])}</span>
            <span className="state">{t(STATE_LABEL[states[item]])}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
