import { useState } from 'react';
import type { VerifyPagePreview } from '../../../shared/review.js';
import type { Finding, VerifyReport } from '../../../shared/verify/findings.js';
import { useT, type StringKey } from '../i18n.js';

interface Props {
  report: VerifyReport;
  pages: VerifyPagePreview[];
  onSaveReport(format: 'json' | 'pdf'): void;
}

/** The verdict on a received copy: banner, findings list, the page with every finding outlined. */
export function VerifyView({ report, pages, onSaveReport }: Props) {
  const t = useT();
  const [pageIndex, setPageIndex] = useState(0);
  const [selected, setSelected] = useState<Finding>();
  const page = pages[pageIndex];
  const leaks = report.verdict === 'leaks';
  const onPage = report.findings.filter((f) => f.page === pageIndex && f.box);
  return (
    <div className="workspace">
      <main className="canvas">
        <div
          className={`verdict ${leaks ? 'verdict-leaks' : 'verdict-clean'}`}
          role={leaks ? 'alert' : 'status'}
          data-testid="verdict"
          data-verdict={report.verdict}
        >
          {t(leaks ? 'verdictLeaks' : 'verdictClean', { summary: report.summary })}
        </div>
        {page && (
          <svg
            className="page"
            viewBox={`0 0 ${page.width} ${page.height}`}
            style={{ width: '100%', aspectRatio: `${page.width} / ${page.height}` }}
            role="img"
            aria-label={t('page', { n: page.page + 1 })}
          >
            <image href={page.preview} width={page.width} height={page.height} preserveAspectRatio="none" />
            {onPage.map((f, i) => (
              <rect
                key={i}
                className={`finding finding-${f.severity}${f === selected ? ' selected' : ''}`}
                x={f.box!.x}
                y={f.box!.y}
                width={f.box!.width}
                height={f.box!.height}
              />
            ))}
          </svg>
        )}
      </main>
      <aside className="side">
        <section className="panel" aria-labelledby="findings-title">
          <h2 id="findings-title">{t('findings')}</h2>
          {report.findings.length === 0 && <p>{t('noFindings')}</p>}
          <ul className="findings">
            {report.findings.map((f, i) => (
              <li key={i} data-kind={f.kind} data-severity={f.severity}>
                <button
                  type="button"
                  aria-pressed={f === selected}
                  onClick={() => {
                    setSelected(f);
                    if (f.page !== undefined) setPageIndex(f.page);
                  }}
                >
                  <strong>{t(`severity_${f.severity}` as StringKey)}</strong> {f.evidence}
                  {f.page !== undefined && ` (${t('page', { n: f.page + 1 })})`}
                </button>
              </li>
            ))}
          </ul>
        </section>
        {pages.length > 1 && (
          <nav className="panel" aria-label={t('pages')}>
            {pages.map((p) => (
              <button
                key={p.page}
                type="button"
                aria-current={p.page === pageIndex}
                onClick={() => setPageIndex(p.page)}
              >
                {t('page', { n: p.page + 1 })}
              </button>
            ))}
          </nav>
        )}
        <section className="panel">
          <button type="button" onClick={() => onSaveReport('pdf')}>
            {t('saveReportPdf')}
          </button>{' '}
          <button type="button" onClick={() => onSaveReport('json')}>
            {t('saveReportJson')}
          </button>
        </section>
      </aside>
    </div>
  );
}
