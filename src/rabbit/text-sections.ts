import { TEXT_HEADINGS } from './text-headings';

export interface TextSection {
  /** null for lines above the first heading (a paste that starts mid-output). */
  readonly heading: string | null;
  readonly lines: readonly string[];
}

/** Splits 3.8+ human-readable output into its headed sections, dropping blank lines. */
export function splitTextSections(payload: string): TextSection[] {
  const sections: { heading: string | null; lines: string[] }[] = [{ heading: null, lines: [] }];
  for (const raw of payload.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    if (TEXT_HEADINGS.has(line)) sections.push({ heading: line, lines: [] });
    else sections[sections.length - 1]?.lines.push(line);
  }
  return sections;
}

export function sectionLines(sections: readonly TextSection[], heading: string): readonly string[] | null {
  return sections.find((section) => section.heading === heading)?.lines ?? null;
}
