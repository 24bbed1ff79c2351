import { useCallback, useEffect, useMemo, useReducer, useState, type DragEvent } from 'react';
import { checklistFor } from '../../shared/checklist.js';
import { quadBounds } from '../../shared/geometry.js';
import { summarise } from '../../shared/verify/findings.js';
import type { RegionKind } from '../../shared/regions.js';
import { suggestedOutput, type AnalyseProgress, type ExportFormat, type ReviewDocument } from './bridge.js';
import { Checklist } from './components/Checklist.js';
import { VerifyView } from './components/VerifyView.js';
import type { VerifyPagePreview } from '../../shared/review.js';
import type { VerifyReport } from '../../shared/verify/findings.js';
import { kindLabel, PageView, type Tool } from './components/PageView.js';
import { WatermarkForm, type WatermarkSettings } from './components/WatermarkForm.js';
import { defaultLanguage, I18nProvider, LANGUAGES, translator, type Language } from './i18n.js';
import { historyReducer, initialHistory } from './state/history.js';
import { drawnRegion, editable, plain, type EditableRegion } from './state/regionEdit.js';
import { today, watermarkTextFor } from './watermark.js';

const KINDS: RegionKind[] = ['portrait', 'ghost_portrait', 'mrz', 'document_number', 'personal_number', 'manual'];
const ZOOMS = [0.5, 0.75, 1, 1.5, 2, 3, 4];

type Phase =
  | { type: 'idle' }
  | { type: 'analysing'; file: string; progress?: AnalyseProgress }
  | { type: 'review'; document: ReviewDocument }
  | { type: 'verifying'; file: string }
  | { type: 'verified'; report: VerifyReport; pages: VerifyPagePreview[] };

type Mode = 'redact' | 'verify';

/** The review window: open a file, check what will be covered and why, adjust, save a redacted copy. */
export function App() {
  const [language, setLanguage] = useState<Language>(defaultLanguage(navigator.language));
  const t = translator(language);
  const bridge = window.idredact;
  const [phase, setPhase] = useState<Phase>({ type: 'idle' });
  const [mode, setMode] = useState<Mode>('redact');
  const [history, dispatch] = useReducer(historyReducer<EditableRegion[]>, initialHistory<EditableRegion[]>([]));
  const regions = history.present;
  const [pageIndex, setPageIndex] = useState(0);
  const [selectedId, setSelectedId] = useState<string>();
  const [tool, setTool] = useState<Tool>('select');
  const [showOriginal, setShowOriginal] = useState(false);
  const [zoom, setZoom] = useState(1);
  const [error, setError] = useState<string>();
  const [status, setStatus] = useState<string>();
  const [format, setFormat] = useState<ExportFormat>('png');
  const [watermark, setWatermark] = useState<WatermarkSettings>({
    enabled: false,
    recipient: '',
    purpose: t('purposeDefault'),
    date: today(),
  });

  const open = useCallback(
    async (file: string | undefined) => {
      const t = translator(language);
      if (!bridge) return setError(t('noEngine'));
      if (!file) return;
      setError(undefined);
      setStatus(undefined);
      if (mode === 'verify') {
        setPhase({ type: 'verifying', file });
        const checked = await bridge.verify(file);
        if (checked.ok) setPhase({ type: 'verified', report: checked.report, pages: checked.pages });
        else {
          setPhase({ type: 'idle' });
          setError(`${t('errorTitle')}: ${checked.error}`);
        }
        return;
      }
      setPhase({ type: 'analysing', file });
      const result = await bridge.analyse(file);
      if (!result.ok) {
        setPhase({ type: 'idle' });
        if (result.cancelled) setStatus(t('cancelled'));
        else setError(`${t('errorTitle')}: ${result.error}`);
        return;
      }
      const doc = result.document;
      dispatch({ type: 'reset', value: editable(doc.pages.flatMap((p) => p.regions)) });
      setPageIndex(0);
      setSelectedId(undefined);
      setFormat(doc.format === 'pdf' || doc.pages.length > 1 ? 'pdf' : doc.format === 'jpeg' ? 'jpeg' : 'png');
      setPhase({ type: 'review', document: doc });
    },
    [bridge, language, mode],
  );

  useEffect(() => {
    if (!bridge) return;
    const stopProgress = bridge.onProgress((progress) =>
      setPhase((p) => (p.type === 'analysing' ? { ...p, progress } : p)),
    );
    const stopOpen = bridge.onOpenRequest((file) => void open(file));
    return () => {
      stopProgress();
      stopOpen();
    };
  }, [bridge, open]);

  const document = phase.type === 'review' ? phase.document : undefined;
  const page = document?.pages[pageIndex];
  const pageRegions = regions.filter((r) => r.page === pageIndex);
  const selected = regions.find((r) => r.id === selectedId);
  const checklist = useMemo(
    () =>
      document &&
      checklistFor(
        document.pages.map((p) => ({ mrz: p.mrz, regions: plain(regions.filter((r) => r.page === p.page)) })),
      ),
    [document, regions],
  );

  const edit = (region: EditableRegion) =>
    dispatch({ type: 'set', value: regions.map((r) => (r.id === region.id ? region : r)) });
  const remove = (id: string | undefined) => {
    if (!id) return;
    dispatch({ type: 'set', value: regions.filter((r) => r.id !== id) });
    setSelectedId(undefined);
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const typing = (event.target as Element | null)?.closest('input, select, textarea');
      if (typing) return;
      const mod = event.ctrlKey || event.metaKey;
      if (mod && event.key.toLowerCase() === 'z') {
        event.preventDefault();
        dispatch({ type: event.shiftKey ? 'redo' : 'undo' });
      } else if (mod && event.key.toLowerCase() === 'y') {
        event.preventDefault();
        dispatch({ type: 'redo' });
      } else if ((event.key === 'Delete' || event.key === 'Backspace') && selectedId) {
        event.preventDefault();
        remove(selectedId);
      } else if (event.key === 'Escape') {
        setTool('select');
        setSelectedId(undefined);
      } else if (!mod && event.key === 'b') setTool('draw');
      else if (!mod && event.key === 'o') setShowOriginal((v) => !v);
      else if (!mod && (event.key === '+' || event.key === '=')) setZoom((z) => ZOOMS.find((v) => v > z) ?? z);
      else if (!mod && event.key === '-') setZoom((z) => [...ZOOMS].reverse().find((v) => v < z) ?? z);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const save = async () => {
    if (!bridge || !document) return;
    const target = await bridge.chooseSaveTarget(suggestedOutput(document.file, format), format);
    if (!target) return;
    setStatus(t('saving'));
    setError(undefined);
    const result = await bridge.exportCopy({
      input: document.file,
      output: target,
      format,
      regions: plain(regions),
      ...(watermark.enabled ? { watermark: { text: watermarkTextFor(watermark) } } : {}),
    });
    if (result.ok) {
      setStatus(t('saved', { path: result.output }));
      // The engine checked the copy's pixels as `verify` would: say what it still sees.
      if (result.selfCheck.length > 0) setError(t('selfCheckWarning', { what: summarise(result.selfCheck) }));
    } else {
      setStatus(undefined);
      setError(`${t('exportError')}: ${result.error}`);
    }
  };

  const saveReport = async (report: VerifyReport, format: 'json' | 'pdf') => {
    if (!bridge) return;
    const target = await bridge.chooseSaveTarget(`${report.file}.verify.${format}`, format);
    if (!target) return;
    const result = await bridge.saveReport(report, target, format);
    if (result.ok) setStatus(t('saved', { path: result.output }));
    else setError(`${t('exportError')}: ${result.error}`);
  };

  const switchMode = (next: Mode) => {
    setMode(next);
    setPhase({ type: 'idle' });
    setError(undefined);
    setStatus(undefined);
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    const file = event.dataTransfer.files[0];
    if (file && bridge) void open(bridge.pathForFile(file));
  };

  return (
    <I18nProvider language={language}>
      <div className="app" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
        <header className="toolbar" role="toolbar" aria-label={t('appTitle')}>
          <h1>{t('appTitle')}</h1>
          <button type="button" className="mode" aria-pressed={mode === 'redact'} onClick={() => switchMode('redact')}>
            {t('modeRedact')}
          </button>
          <button type="button" className="mode" aria-pressed={mode === 'verify'} onClick={() => switchMode('verify')}>
            {t('modeVerify')}
          </button>
          <button type="button" onClick={() => void bridge?.chooseFile().then(open)}>
            {t('open')}
          </button>
          {document && (
            <>
              <button type="button" onClick={() => dispatch({ type: 'undo' })} disabled={history.past.length === 0}>
                {t('undo')}
              </button>
              <button type="button" onClick={() => dispatch({ type: 'redo' })} disabled={history.future.length === 0}>
                {t('redo')}
              </button>
              <button
                type="button"
                aria-pressed={tool === 'draw'}
                onClick={() => setTool(tool === 'draw' ? 'select' : 'draw')}
              >
                {t('drawBox')}
              </button>
              <button type="button" aria-pressed={showOriginal} onClick={() => setShowOriginal(!showOriginal)}>
                {showOriginal ? t('showResult') : t('showOriginal')}
              </button>
              <button
                type="button"
                aria-label={t('zoomOut')}
                onClick={() => setZoom([...ZOOMS].reverse().find((v) => v < zoom) ?? zoom)}
              >
                −
              </button>
              <span aria-live="polite">{Math.round(zoom * 100)} %</span>
              <button
                type="button"
                aria-label={t('zoomIn')}
                onClick={() => setZoom(ZOOMS.find((v) => v > zoom) ?? zoom)}
              >
                +
              </button>
              <label>
                {t('format')}{' '}
                <select value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)}>
                  <option value="png">PNG</option>
                  <option value="jpeg">JPEG</option>
                  <option value="pdf">PDF</option>
                </select>
              </label>
              <button type="button" className="primary" onClick={() => void save()}>
                {t('save')}
              </button>
            </>
          )}
          <label className="language">
            {t('language')}{' '}
            <select value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
              {Object.entries(LANGUAGES).map(([code, name]) => (
                <option key={code} value={code}>
                  {name}
                </option>
              ))}
            </select>
          </label>
        </header>

        {error && (
          <div role="alert" className="error">
            {error}
          </div>
        )}
        {status && (
          <p role="status" className="status">
            {status}
          </p>
        )}

        {phase.type === 'idle' && (
          <main className="welcome">
            <p>{t('tagline')}</p>
            <p>{mode === 'verify' ? t('verifyHint') : t('openHint')}</p>
          </main>
        )}

        {phase.type === 'verifying' && (
          <main className="welcome" aria-busy="true">
            <p role="status">{t('verifying')}</p>
          </main>
        )}

        {phase.type === 'verified' && (
          <VerifyView
            report={phase.report}
            pages={phase.pages}
            onSaveReport={(format) => void saveReport(phase.report, format)}
          />
        )}

        {phase.type === 'analysing' && (
          <main className="welcome" aria-busy="true">
            <p role="status">
              {t('analysing', { page: phase.progress?.page ?? 1, pages: phase.progress?.pages ?? 1 })}
            </p>
            <button type="button" onClick={() => void bridge?.cancel()}>
              {t('cancel')}
            </button>
          </main>
        )}

        {document && page && checklist && (
          <div className="workspace">
            {document.pages.length > 1 && (
              <nav className="thumbnails" aria-label={t('pages')}>
                {document.pages.map((p) => (
                  <button
                    key={p.page}
                    type="button"
                    aria-current={p.page === pageIndex}
                    onClick={() => setPageIndex(p.page)}
                  >
                    <img src={p.preview} alt={t('page', { n: p.page + 1 })} />
                  </button>
                ))}
              </nav>
            )}
            <main className="canvas">
              {/* Always laid out, so that entering draw mode does not shift the page under the pointer. */}
              <p className="hint" style={{ visibility: tool === 'draw' ? 'visible' : 'hidden' }}>
                {t('drawHint')}
              </p>
              <PageView
                page={page}
                regions={pageRegions}
                selectedId={selectedId}
                tool={tool}
                showOriginal={showOriginal}
                zoom={zoom}
                watermark={watermark.enabled ? watermarkTextFor(watermark) : undefined}
                onSelect={setSelectedId}
                onEdit={edit}
                onDraw={(box) => {
                  const region = drawnRegion(pageIndex, box);
                  dispatch({ type: 'set', value: [...regions, region] });
                  setSelectedId(region.id);
                  setTool('select');
                }}
              />
            </main>
            <aside className="side">
              <Checklist states={checklist} />
              {selected && (
                <section className="panel" aria-labelledby="selected-title" data-testid="region-details">
                  <h2 id="selected-title">{t(kindLabel(selected.kind))}</h2>
                  <p>
                    <strong>{t('reason')}:</strong> {selected.reason}
                  </p>
                  <p>{t('confidence', { value: Math.round(selected.confidence * 100) })}</p>
                  <label>
                    {t('kindOf')}{' '}
                    <select
                      value={selected.kind}
                      onChange={(e) => edit({ ...selected, kind: e.target.value as RegionKind })}
                    >
                      {KINDS.map((k) => (
                        <option key={k} value={k}>
                          {t(kindLabel(k))}
                        </option>
                      ))}
                    </select>
                  </label>
                  <p className="hint">
                    {Math.round(quadBounds(selected.quad).width)} × {Math.round(quadBounds(selected.quad).height)} px
                  </p>
                  <button type="button" onClick={() => remove(selected.id)}>
                    {t('deleteRegion')}
                  </button>
                </section>
              )}
              {document.warnings.length > 0 && (
                <section className="panel" aria-labelledby="warnings-title">
                  <h2 id="warnings-title">{t('warnings')}</h2>
                  <ul>
                    {document.warnings.map((w) => (
                      <li key={w}>{w}</li>
                    ))}
                  </ul>
                </section>
              )}
              <WatermarkForm value={watermark} onChange={setWatermark} />
            </aside>
          </div>
        )}
      </div>
    </I18nProvider>
  );
}
