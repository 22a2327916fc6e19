/**
 * Passes chunks through and says how far reading has got, at most every `everyMs`: a 2 GB log
 * takes long enough that a silent terminal looks hung. Nothing is said for inputs read quickly.
 */
export async function* withReadProgress(
  chunks: AsyncIterable<Buffer>,
  options: { readonly totalBytes: number | null; readonly everyMs: number; readonly report: (line: string) => void; readonly now?: () => number },
): AsyncGenerator<Buffer> {
  const now = options.now ?? Date.now;
  let bytes = 0;
  let lastReport = now();
  for await (const chunk of chunks) {
    bytes += chunk.length;
    if (now() - lastReport >= options.everyMs) {
      lastReport = now();
      const mb = (n: number) => (n / 1024 / 1024).toFixed(0);
      const { totalBytes } = options;
      options.report(totalBytes ? `${mb(bytes)} of ${mb(totalBytes)} MB read (${Math.floor((bytes / totalBytes) * 100)}%)` : `${mb(bytes)} MB read`);
    }
    yield chunk;
  }
}
