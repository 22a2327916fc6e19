/** How much of a user's text a log line or an error may repeat: enough to recognise it, never a paste. */
export const excerptLength = 80;

/** The start of `text` on one line, marked when cut, so an echo never carries a whole paste or key. */
export function excerpt(text: string, max: number = excerptLength): string {
  const head = text.slice(0, max).replace(/[\r\n\t]+/g, ' ');
  return text.length <= max ? head : `${head}… (${text.length} chars)`;
}
