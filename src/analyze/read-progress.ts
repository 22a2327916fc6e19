export interface ReadProgressOptions {
  readonly totalBytes: number | null;
  readonly everyMs: number;
  readonly report: (line: string) => void;
  readonly now?: () => number;
}

/**
 * Says how far reading has got, at most every `everyMs`, when told the bytes read so far: a 2 GB
 * log takes long enough that a silent terminal looks hung. Nothing is said for inputs read quickly.
 */
export const readProgress = (options: ReadProgressOptions): ((bytesRead: number) => void) => {
  const now = options.now ?? Date.now;
  let lastReport = now();
  return (bytes) => {
    if (now() - lastReport < options.everyMs) return;
    lastReport = now();
    const mb = (n: number) => (n / 1024 / 1024).toFixed(0);
    const { totalBytes } = options;
    options.report(totalBytes ? `${mb(bytes)} of ${mb(totalBytes)} MB read (${Math.floor((bytes / totalBytes) * 100)}%)` : `${mb(bytes)} MB read`);
  };
};

/** Passes chunks through and reports progress as they go by (see readProgress). */
export async function* withReadProgress(chunks: AsyncIterable<Buffer>, options: ReadProgressOptions): AsyncGenerator<Buffer> {
  const progress = readProgress(options);
  let bytes = 0;
  for await (const chunk of chunks) {
    bytes += chunk.length;
    progress(bytes);
    yield chunk;
  }
}
