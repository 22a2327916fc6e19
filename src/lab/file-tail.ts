import { readFileSync } from 'node:fs';

/** The last lines of a file for an error message, or a note that it does not exist yet. */
export function fileTail(file: string, lines: number): string {
  try {
    const text = readFileSync(file, 'utf8').trimEnd();
    return text === '' ? `(${file} is empty)` : text.split('\n').slice(-lines).join('\n');
  } catch {
    return `(no ${file})`;
  }
}
