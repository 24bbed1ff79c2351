import { watermarkText } from '../../shared/redact/watermarkText.js';
import type { WatermarkSettings } from './components/WatermarkForm.js';

/** The text the settings make (the engine's wording, so the preview and the export agree). */
export function watermarkTextFor(settings: WatermarkSettings): string {
  return watermarkText(settings.recipient, settings.purpose, settings.date);
}

/** Today's date as YYYY-MM-DD in local time. */
export function today(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
