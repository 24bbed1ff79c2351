// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Region } from '../../shared/regions.js';
import type { ReviewDocument } from '../../shared/review.js';
import { App } from '../../renderer/src/App.js';
import type { IdRedactBridge } from '../../renderer/src/bridge.js';
import { suggestedOutput } from '../../renderer/src/bridge.js';
import { Checklist } from '../../renderer/src/components/Checklist.js';
import { PageView } from '../../renderer/src/components/PageView.js';
import { WatermarkForm, type WatermarkSettings } from '../../renderer/src/components/WatermarkForm.js';
import { I18nProvider } from '../../renderer/src/i18n.js';
import { historyReducer, initialHistory } from '../../renderer/src/state/history.js';
import { editable } from '../../renderer/src/state/regionEdit.js';

afterEach(cleanup);

const region = (kind: Region['kind'], x: number, y: number, w = 100, h = 40): Region => ({
  kind,
  page: 0,
  box: { x, y, width: w, height: h },
  confidence: 0.9,
  reason: `found ${kind}`,
  detector: 'test',
});

/** A one-page review as the engine returns it (a blank 1x1 preview). */
function reviewDocument(): ReviewDocument {
  const regions = [
    region('mrz', 50, 700, 1300, 120),
    region('portrait', 60, 150, 380, 500),
    region('document_number', 900, 140, 300, 50),
    region('personal_number', 900, 500, 300, 50),
  ];
  return {
    file: '/home/me/passport.png',
    format: 'png',
    checklist: {
      portrait: 'covered',
      ghostPortrait: 'look',
      mrz: 'covered',
      documentNumber: 'covered',
      personalNumber: 'covered',
    },
    warnings: [],
    pages: [
      {
        page: 0,
        width: 1400,
        height: 900,
        regions,
        mrz: [],
        warnings: [],
        preview:
          'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      },
    ],
  };
}

describe('checklist', () => {
  it('shows each kind with its state, in English and in Dutch', () => {
    const states = {
      portrait: 'covered',
      ghostPortrait: 'look',
      mrz: 'covered',
      documentNumber: 'missing',
      personalNumber: 'absent',
    } as const;
    const { unmount } = render(
      <I18nProvider language="en">
        <Checklist states={states} />
      </I18nProvider>,
    );
    expect(screen.getByText('Photo').closest('li')).toHaveProperty('textContent', '✓Photocovered');
    expect(screen.getByText('Document number').closest('li')!.textContent).toContain('not found — check');
    expect(screen.getByText('Personal number').closest('li')!.textContent).toContain('not on this document');
    expect(screen.getByText('Small second copy of the photo').closest('li')!.textContent).toMatch(/^\?.*none found/);
    unmount();
    render(
      <I18nProvider language="nl">
        <Checklist states={states} />
      </I18nProvider>,
    );
    expect(screen.getByText('Documentnummer').closest('li')!.textContent).toContain('niet gevonden — controleer');
    expect(screen.getByText('Kleine tweede kopie van de pasfoto').closest('li')!.textContent).toContain('kijk');
  });
});

describe('watermark form', () => {
  it('builds the text from recipient, purpose and date', async () => {
    let value: WatermarkSettings = {
      enabled: true,
      recipient: '',
      purpose: 'subject access request',
      date: '2026-11-26',
    };
    const onChange = vi.fn((v: WatermarkSettings) => (value = v));
    const { rerender } = render(<WatermarkForm value={value} onChange={onChange} />);
    fireEvent.change(screen.getByLabelText('Recipient (organisation)'), { target: { value: 'ACME B.V.' } });
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ recipient: 'ACME B.V.' }));
    rerender(<WatermarkForm value={value} onChange={onChange} />);
    expect(screen.getByTestId('watermark-text').textContent).toBe(
      'Text: Copy for ACME B.V. — subject access request — 2026-11-26',
    );
    fireEvent.click(screen.getByLabelText('Add a watermark'));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ enabled: false }));
  });
});

describe('region editor', () => {
  it('selects a cover on focus, moves it with the arrows and resizes it with Shift+arrows', () => {
    const doc = reviewDocument();
    const regions = editable(doc.pages[0]!.regions);
    const onSelect = vi.fn();
    const onEdit = vi.fn();
    render(
      <PageView
        page={doc.pages[0]!}
        regions={regions}
        selectedId={regions[2]!.id}
        tool="select"
        showOriginal={false}
        zoom={1}
        watermark={undefined}
        onSelect={onSelect}
        onEdit={onEdit}
        onDraw={vi.fn()}
      />,
    );
    const cover = screen.getByRole('button', { name: /Document number: found document_number/ });
    fireEvent.focus(cover);
    expect(onSelect).toHaveBeenCalledWith(regions[2]!.id);
    fireEvent.keyDown(cover, { key: 'ArrowRight' });
    const moved = onEdit.mock.calls[0]![0];
    expect(moved.box.x).toBeGreaterThan(900);
    expect(moved.box.width).toBeCloseTo(300);
    fireEvent.keyDown(cover, { key: 'ArrowDown', shiftKey: true });
    const resized = onEdit.mock.calls[1]![0];
    expect(resized.box.height).toBeGreaterThan(50);
    expect(resized.box.y).toBeCloseTo(140);
    // The selected cover has four resize handles.
    expect(cover.querySelectorAll('[data-corner]')).toHaveLength(4);
  });

  it('undo and redo step through edits', () => {
    let h = initialHistory([1]);
    h = historyReducer(h, { type: 'set', value: [1, 2] });
    h = historyReducer(h, { type: 'set', value: [2] });
    h = historyReducer(h, { type: 'undo' });
    expect(h.present).toEqual([1, 2]);
    h = historyReducer(h, { type: 'undo' });
    expect(h.present).toEqual([1]);
    expect(historyReducer(h, { type: 'undo' })).toBe(h);
    h = historyReducer(h, { type: 'redo' });
    expect(h.present).toEqual([1, 2]);
  });

  it('suggests name.redacted.ext next to the original', () => {
    expect(suggestedOutput('/home/me/scan.passport.jpeg', 'jpeg')).toBe('/home/me/scan.passport.redacted.jpg');
    expect(suggestedOutput('C:\\Users\\me\\id.PNG', 'pdf')).toBe('C:\\Users\\me\\id.redacted.pdf');
  });
});

describe('review window with a stand-in bridge', () => {
  function fakeBridge(
    overrides: Partial<IdRedactBridge> = {},
  ): IdRedactBridge & { exportCopy: ReturnType<typeof vi.fn> } {
    return {
      chooseFile: vi.fn(async () => '/home/me/passport.png'),
      analyse: vi.fn(async () => ({ ok: true as const, document: reviewDocument() })),
      cancel: vi.fn(async () => {}),
      onProgress: () => () => {},
      onOpenRequest: () => () => {},
      pathForFile: (f: File) => f.name,
      chooseSaveTarget: vi.fn(async (p: string) => p),
      exportCopy: vi.fn(async (r: { output: string }) => ({ ok: true as const, output: r.output, selfCheck: [] })),
      verify: vi.fn(async () => ({
        ok: true as const,
        report: {
          file: '/home/me/received.png',
          verdict: 'leaks' as const,
          summary: 'MRZ readable (page 1)',
          pages: 1,
          timings: { totalMs: 1 },
          findings: [
            {
              kind: 'mrz' as const,
              severity: 'high' as const,
              page: 0,
              box: { x: 50, y: 700, width: 1300, height: 120 },
              evidence: 'TD3 MRZ still readable: 5 of 5 check digits valid, document number XR4*****7',
            },
            { kind: 'exif' as const, severity: 'low' as const, evidence: 'EXIF metadata (software)' },
          ],
        },
        pages: [{ page: 0, width: 1400, height: 900, preview: reviewDocument().pages[0]!.preview }],
      })),
      saveReport: vi.fn(async (_r: unknown, output: string) => ({ ok: true as const, output })),
      ...overrides,
    } as IdRedactBridge & { exportCopy: ReturnType<typeof vi.fn> };
  }

  it('opens, shows the checklist, deletes and restores a cover, and exports with the watermark', async () => {
    const user = userEvent.setup();
    const bridge = fakeBridge();
    window.idredact = bridge;
    render(<App />);
    await user.click(screen.getByRole('button', { name: 'Open…' }));
    const checklist = await screen.findByRole('region', { name: 'What must be hidden' });
    expect(within(checklist).getAllByText('covered')).toHaveLength(4);

    await act(async () => fireEvent.focus(screen.getByRole('button', { name: /Personal number: found/ })));
    await user.click(screen.getByRole('button', { name: 'Delete cover' }));
    expect(checklist.querySelector('[data-item="personalNumber"]')!.getAttribute('data-state')).toBe('missing');
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    expect(checklist.querySelector('[data-item="personalNumber"]')!.getAttribute('data-state')).toBe('covered');

    await user.click(screen.getByLabelText('Add a watermark'));
    await user.type(screen.getByLabelText('Recipient (organisation)'), 'ACME');
    await user.click(screen.getByRole('button', { name: 'Save redacted copy…' }));
    expect(bridge.chooseSaveTarget).toHaveBeenCalledWith('/home/me/passport.redacted.png', 'png');
    const request = bridge.exportCopy.mock.calls[0]![0];
    expect(request.regions).toHaveLength(4);
    expect(request.watermark.text).toMatch(/^Copy for ACME — subject access request — \d{4}-\d\d-\d\d$/);
    expect(await screen.findByRole('status')).toHaveProperty('textContent', 'Saved: /home/me/passport.redacted.png');
  });

  it('verifies a received copy: verdict banner, findings on the page, report saved as PDF', async () => {
    const user = userEvent.setup();
    const bridge = fakeBridge({ chooseFile: vi.fn(async () => '/home/me/received.png') });
    window.idredact = bridge;
    render(<App />);
    await user.click(screen.getByRole('button', { name: 'Verify a received copy' }));
    await user.click(screen.getByRole('button', { name: 'Open…' }));
    const verdict = await screen.findByTestId('verdict');
    expect(verdict.getAttribute('role')).toBe('alert');
    expect(verdict.textContent).toBe('Leaks: MRZ readable (page 1)');
    expect(document.querySelectorAll('rect.finding')).toHaveLength(1);
    expect(screen.getByText(/EXIF metadata/).textContent).toMatch(/^note/);
    await user.click(screen.getByRole('button', { name: 'Save report (PDF)…' }));
    expect(bridge.chooseSaveTarget).toHaveBeenCalledWith('/home/me/received.png.verify.pdf', 'pdf');
    expect(bridge.saveReport).toHaveBeenCalledWith(
      expect.objectContaining({ verdict: 'leaks' }),
      '/home/me/received.png.verify.pdf',
      'pdf',
    );
  });

  it('shows a clear message when a file cannot be opened, and keeps running', async () => {
    window.idredact = fakeBridge({
      analyse: vi.fn(async () => ({ ok: false as const, error: '/home/me/broken.jpg: truncated JPEG' })),
    });
    render(<App />);
    await userEvent.click(screen.getByRole('button', { name: 'Open…' }));
    expect((await screen.findByRole('alert')).textContent).toContain('/home/me/broken.jpg: truncated JPEG');
    expect(screen.getByRole('button', { name: 'Open…' })).toBeTruthy();
  });
});
