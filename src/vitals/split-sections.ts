import { VITALS_SECTION_MARKER } from './vitals-command';

/**
 * The vitals output cut at its marker lines: section name → the text that followed it. A section
 * the output never reached (the node killed the script at its deadline) is absent; a file that
 * could not be read is present with cat's error as its text, which its parser reads as "unknown".
 */
export type VitalsSections = ReadonlyMap<string, string>;

export function splitVitalsSections(stdout: string): VitalsSections {
  const sections = new Map<string, string>();
  const prefix = `${VITALS_SECTION_MARKER} `;
  let name: string | null = null;
  let lines: string[] = [];
  const close = () => {
    if (name !== null) sections.set(name, lines.join('\n').trim());
  };
  for (const line of stdout.split('\n')) {
    if (line.startsWith(prefix)) {
      close();
      name = line.slice(prefix.length).trim();
      lines = [];
    } else if (name !== null) {
      lines.push(line);
    }
  }
  close();
  return sections;
}
