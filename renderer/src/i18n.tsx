import { createContext, useContext, type ReactNode } from 'react';

/** Every string the window shows, in English and Dutch. Keys name what the text is for. */
const STRINGS = {
  en: {
    appTitle: 'IDRedact',
    tagline: 'Make a copy of your ID that is safe to send. Nothing leaves this computer.',
    open: 'Open…',
    openHint: 'Open or drop a scan or photo of a passport or ID card (JPEG, PNG, TIFF, WebP, HEIC, PDF).',
    analysing: 'Looking for what must be hidden… page {page} of {pages}',
    cancel: 'Cancel',
    cancelled: 'Stopped.',
    pages: 'Pages',
    page: 'Page {n}',
    checklist: 'What must be hidden',
    itemPortrait: 'Photo',
    itemMrz: 'Machine-readable zone (MRZ)',
    itemDocumentNumber: 'Document number',
    itemPersonalNumber: 'Personal number',
    stateCovered: 'covered',
    stateMissing: 'not found — check',
    stateAbsent: 'not on this document',
    regions: 'Covers',
    kind_mrz: 'MRZ',
    kind_portrait: 'Photo',
    kind_ghost_portrait: 'Ghost photo',
    kind_document_number: 'Document number',
    kind_personal_number: 'Personal number',
    kind_manual: 'Your box',
    confidence: 'confidence {value} %',
    reason: 'Why',
    deleteRegion: 'Delete cover',
    kindOf: 'Covers what',
    drawBox: 'Draw a box',
    drawHint: 'Drag on the page to draw a box. Esc stops.',
    undo: 'Undo',
    redo: 'Redo',
    showOriginal: 'Show original',
    showResult: 'Show result',
    zoomIn: 'Zoom in',
    zoomOut: 'Zoom out',
    warnings: 'Look at these',
    watermark: 'Watermark',
    watermarkOn: 'Add a watermark',
    recipient: 'Recipient (organisation)',
    purpose: 'Purpose',
    purposeDefault: 'subject access request',
    date: 'Date',
    watermarkPreview: 'Text: {text}',
    format: 'Save as',
    save: 'Save redacted copy…',
    saving: 'Saving…',
    saved: 'Saved: {path}',
    selfCheckWarning: 'The check of the saved copy still sees: {what}. Look at it before you send it.',
    language: 'Language',
    errorTitle: 'Could not open this file',
    exportError: 'Could not save the copy',
    noEngine: 'The IDRedact engine is not available in this window.',
  },
  nl: {
    appTitle: 'IDRedact',
    tagline: 'Maak een kopie van uw identiteitsbewijs die veilig te versturen is. Niets verlaat deze computer.',
    open: 'Openen…',
    openHint:
      'Open of sleep een scan of foto van een paspoort of ID-kaart hierheen (JPEG, PNG, TIFF, WebP, HEIC, PDF).',
    analysing: 'Zoeken naar wat afgeschermd moet worden… pagina {page} van {pages}',
    cancel: 'Stoppen',
    cancelled: 'Gestopt.',
    pages: "Pagina's",
    page: 'Pagina {n}',
    checklist: 'Wat afgeschermd moet worden',
    itemPortrait: 'Pasfoto',
    itemMrz: 'Machineleesbare zone (MRZ)',
    itemDocumentNumber: 'Documentnummer',
    itemPersonalNumber: 'Persoonsnummer (BSN)',
    stateCovered: 'afgedekt',
    stateMissing: 'niet gevonden — controleer',
    stateAbsent: 'staat niet op dit document',
    regions: 'Afdekkingen',
    kind_mrz: 'MRZ',
    kind_portrait: 'Pasfoto',
    kind_ghost_portrait: 'Spookfoto',
    kind_document_number: 'Documentnummer',
    kind_personal_number: 'Persoonsnummer',
    kind_manual: 'Uw vak',
    confidence: 'zekerheid {value} %',
    reason: 'Waarom',
    deleteRegion: 'Afdekking verwijderen',
    kindOf: 'Dekt af',
    drawBox: 'Vak tekenen',
    drawHint: 'Sleep over de pagina om een vak te tekenen. Esc stopt.',
    undo: 'Ongedaan maken',
    redo: 'Opnieuw',
    showOriginal: 'Origineel tonen',
    showResult: 'Resultaat tonen',
    zoomIn: 'Inzoomen',
    zoomOut: 'Uitzoomen',
    warnings: 'Controleer dit',
    watermark: 'Watermerk',
    watermarkOn: 'Watermerk toevoegen',
    recipient: 'Ontvanger (organisatie)',
    purpose: 'Doel',
    purposeDefault: 'inzageverzoek AVG',
    date: 'Datum',
    watermarkPreview: 'Tekst: {text}',
    format: 'Opslaan als',
    save: 'Afgeschermde kopie opslaan…',
    saving: 'Bezig met opslaan…',
    saved: 'Opgeslagen: {path}',
    selfCheckWarning: 'De controle van de opgeslagen kopie ziet nog: {what}. Bekijk hem voordat u hem verstuurt.',
    language: 'Taal',
    errorTitle: 'Dit bestand kan niet worden geopend',
    exportError: 'De kopie kon niet worden opgeslagen',
    noEngine: 'De IDRedact-engine is niet beschikbaar in dit venster.',
  },
} as const;

export type Language = keyof typeof STRINGS;
export type StringKey = keyof (typeof STRINGS)['en'];
export const LANGUAGES: Record<Language, string> = { en: 'English', nl: 'Nederlands' };

/** The OS language when we have it (Dutch for nl-*), English otherwise. */
export function defaultLanguage(locale: string | undefined): Language {
  return locale?.toLowerCase().startsWith('nl') ? 'nl' : 'en';
}

export type Translate = (key: StringKey, values?: Record<string, string | number>) => string;

export function translator(language: Language): Translate {
  return (key, values = {}) =>
    (STRINGS[language][key] as string).replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

const I18nContext = createContext<Translate>(translator('en'));

export function I18nProvider({ language, children }: { language: Language; children: ReactNode }) {
  return <I18nContext.Provider value={translator(language)}>{children}</I18nContext.Provider>;
}

export const useT = (): Translate => useContext(I18nContext);
