import { UPSIDE_DOWN_FACE_CONFIDENCE } from '../detect/portraitDetector.js';
import type { PageAnalysis } from '../detect/types.js';
import { boxToQuad, quadBounds, quadContains, type Quad } from '../geometry.js';
import { maskValue } from '../report.js';
import type { Finding } from './findings.js';

/**
 * What a reader of the page can still see, from the same detectors that
 * redact: an MRZ that reads (its check digits say how well), MRZ-shaped text,
 * printed document and personal numbers, faces. A detector's guess that is
 * not evidence of a leak (the ICAO portrait zone where no face was seen) is
 * not reported. A number found with confidence 0.5 or more is, a label's value
 * read without its digits (0.6) too: on a copy it is a possible leak. A ghost
 * portrait's zone placed from the document's layout is, as a possible leak,
 * unless it is blacked out.
 */
export function pixelFindings(analysis: PageAnalysis): Finding[] {
  const page = analysis.page.index;
  const findings: Finding[] = [];
  for (const reading of analysis.mrz) {
    const { parsed } = reading;
    const valid = parsed.checks.filter((c) => c.valid).length;
    findings.push({
      kind: 'mrz',
      severity: 'high',
      page,
      box: reading.zoneBox,
      evidence:
        `${parsed.format} MRZ still readable: ${valid} of ${parsed.checks.length} check digits valid, ` +
        `document number ${maskValue(parsed.fields.documentNumber)}`,
    });
  }
  for (const region of analysis.regions) {
    if (region.kind === 'mrz' && region.reason.includes('could not be read')) {
      findings.push({
        kind: 'mrz_fragment',
        severity: 'high',
        page,
        box: region.box,
        evidence: 'MRZ-shaped text (evenly spaced characters with < fillers) is still visible',
      });
    } else if ((region.kind === 'document_number' || region.kind === 'personal_number') && region.confidence >= 0.5) {
      findings.push({
        kind: region.kind,
        severity: region.confidence >= 0.8 ? 'high' : 'medium',
        page,
        box: region.box,
        evidence: `${region.kind === 'document_number' ? 'a document number' : 'a personal number'} is readable: ${region.reason}`,
      });
    } else if (region.detector === 'ghost-layout') {
      // Placed from the layout the document names (a card front's title stays readable on a
      // redacted copy): a zone that is not mostly black may still show the ghost.
      if (darkShare(analysis, region.quad ?? boxToQuad(region.box)) >= COVERED_DARK_SHARE) continue;
      findings.push({
        kind: 'ghost_zone',
        severity: 'medium',
        page,
        box: region.box,
        evidence: `the zone where the document prints its ghost portrait is not blacked out (${region.reason.replace(/^no face found here, but /, '').replace(/, so that zone is covered.*$/, '')}): look at it`,
      });
    } else if ((region.kind === 'portrait' || region.kind === 'ghost_portrait') && region.reason.includes('face')) {
      if (region.reason.startsWith('no face found')) continue;
      if (region.confidence <= UPSIDE_DOWN_FACE_CONFIDENCE) {
        findings.push({
          kind: 'face_like_pattern',
          severity: 'low',
          page,
          box: region.box,
          evidence: `a face-like pattern upside down to the page's text, most likely lettering: look at it`,
        });
        continue;
      }
      findings.push({
        kind: 'face',
        severity: 'high',
        page,
        box: region.box,
        evidence: `a face is visible (${region.kind === 'ghost_portrait' ? 'ghost portrait, ' : ''}detector score ${region.confidence})`,
      });
    }
  }
  return findings;
}

/** A zone this dark (share of its pixels) is taken as blacked out. */
const COVERED_DARK_SHARE = 0.5;
/** A pixel whose channels are all at most this is dark. */
const DARK = 60;

/** The share of the page's pixels inside `quad` that are dark. */
function darkShare(analysis: PageAnalysis, quad: Quad): number {
  const { width, height, rgb } = analysis.page;
  const b = quadBounds(quad);
  let inside = 0;
  let dark = 0;
  for (let y = Math.max(0, Math.floor(b.y)); y < Math.min(height, Math.ceil(b.y + b.height)); y++) {
    for (let x = Math.max(0, Math.floor(b.x)); x < Math.min(width, Math.ceil(b.x + b.width)); x++) {
      if (!quadContains(quad, { x: x + 0.5, y: y + 0.5 })) continue;
      inside++;
      const i = (y * width + x) * 3;
      if (Math.max(rgb[i]!, rgb[i + 1]!, rgb[i + 2]!) <= DARK) dark++;
    }
  }
  return inside === 0 ? 1 : dark / inside;
}
