/** A text burnt into the exported pixels, repeated diagonally, like the Dutch KopieID app does. */
export interface Watermark {
  text: string;
  /** 0..1: how strongly the text darkens the page (default 0.3). */
  opacity?: number;
}

/** "Copy for <recipient> — <purpose> — <date>", the wording the app proposes (pure: also used by the window). */
export function watermarkText(recipient: string, purpose: string, date: string): string {
  return [`Copy for ${recipient.trim()}`, purpose.trim(), date.trim()].filter((p) => p.length > 0).join(' — ');
}
