import { open } from 'node:fs/promises';

/**
 * A file's bytes as views of one reused buffer, each valid until the next is asked for: for the
 * analysis worker's lent chunks, which copy each chunk into shared memory before asking for the
 * next. A fresh buffer per read costs a page fault per 4 KB of input (a read stream's way).
 */
export async function* readFileChunks(path: string, chunkBytes: number): AsyncGenerator<Buffer> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafeSlow(chunkBytes);
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, chunkBytes, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await file.close();
  }
}
