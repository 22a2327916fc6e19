import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { err, ok, type Result } from '../result';

/** A bot config is a few KB; anything past this is the wrong file, and must not be read whole. */
export const maxConfigBytes = 1024 * 1024;

export type ConfigReadProblem =
  | { readonly kind: 'missing' }
  | { readonly kind: 'not-a-file'; readonly what: string }
  | { readonly kind: 'too-large'; readonly limit: number }
  | { readonly kind: 'binary' }
  | { readonly kind: 'unreadable'; readonly code: string };

function fileKind(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isFIFO()) return 'a pipe';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Reads a config file, refusing anything that is not a regular file (`/dev/zero`, a FIFO, a
 * directory) before reading, and never more than `maxConfigBytes` + 1 bytes even if the file
 * grows while it is read.
 */
export function readConfigFile(file: string): Result<string, ConfigReadProblem> {
  let fd: number;
  try {
    // Non-blocking, so opening a FIFO with no writer returns instead of waiting forever.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unknown error';
    return err(code === 'ENOENT' ? { kind: 'missing' } : { kind: 'unreadable', code });
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return err({ kind: 'not-a-file', what: fileKind(stats) });
    if (stats.size > maxConfigBytes) return err({ kind: 'too-large', limit: maxConfigBytes });
    const buffer = Buffer.alloc(maxConfigBytes + 1);
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > maxConfigBytes) return err({ kind: 'too-large', limit: maxConfigBytes });
    }
    const bytes = buffer.subarray(0, length);
    if (bytes.includes(0)) return err({ kind: 'binary' });
    return ok(bytes.toString('utf8'));
  } catch (e) {
    return err({ kind: 'unreadable', code: (e as NodeJS.ErrnoException).code ?? 'unknown error' });
  } finally {
    closeSync(fd);
  }
}
