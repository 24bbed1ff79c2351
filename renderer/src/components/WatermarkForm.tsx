import { watermarkTextFor } from '../watermark.js';
import { useT } from '../i18n.js';

export interface WatermarkSettings {
  enabled: boolean;
  recipient: string;
  purpose: string;
  date: string;
}

/** Recipient and purpose typed by the person; today's date; the text it makes is shown. */
export function WatermarkForm({
  value,
  onChange,
}: {
  value: WatermarkSettings;
  onChange: (value: WatermarkSettings) => void;
}) {
  const t = useT();
  const set = (patch: Partial<WatermarkSettings>) => onChange({ ...value, ...patch });
  return (
    <section aria-labelledby="watermark-title" className="panel">
      <h2 id="watermark-title">{t('watermark')}</h2>
      <label className="row">
        <input type="checkbox" checked={value.enabled} onChange={(e) => set({ enabled: e.target.checked })} />
        {t('watermarkOn')}
      </label>
      {(
        [
          ['recipient', 'recipient', 'text'],
          ['purpose', 'purpose', 'text'],
          ['date', 'date', 'date'],
        ] as const
      ).map(([field, label, type]) => (
        <label key={field}>
          {t(label)}
          <input
            type={type}
            value={value[field]}
            disabled={!value.enabled}
            onChange={(e) => set({ [field]: e.target.value })}
          />
        </label>
      ))}
      {value.enabled && (
        <p className="hint" data-testid="watermark-text">
          {t('watermarkPreview', { text: watermarkTextFor(value) })}
        </p>
      )}
    </section>
  );
}
