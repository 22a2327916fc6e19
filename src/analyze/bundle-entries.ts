import { createReadStream, type Dirent } from 'fs';
import { opendir } from 'fs/promises';
import { join, relative } from 'path';
import { pipeline, Readable } from 'stream';
import { extract } from 'tar-stream';
import { createGunzip } from 'zlib';
import { isTarball } from './bundle-layout';

/** One file of a bundle, read as a stream: the caller drains it before asking for the next one. */
export interface BundleEntry {
  /** Path inside the bundle, `/`-separated, e.g. `mq1/rabbitmq/logs/rabbit@mq1.log`. */
  readonly path: string;
  readonly chunks: AsyncIterable<Buffer>;
  /** Passes over the entry unread (a tar reader still has to drain it to reach the next one). */
  readonly skip: () => void;
}

const READ_CHUNK_BYTES = 1024 * 1024;


/**
 * The files of a gzipped tarball in archive order. Streamed end to end (gunzip, then a tar reader
 * that hands out one entry at a time), so a multi-gigabyte bundle is read in constant memory.
 */
export async function* tarballEntries(input: Readable, prefix = ''): AsyncGenerator<BundleEntry> {
  const tar = extract();
  const gunzip = createGunzip();
  const fail = (error: Error): void => {
    tar.destroy(error);
  };
  input.on('error', fail);
  gunzip.on('error', fail);
  input.pipe(gunzip).pipe(tar);
  for await (const entry of tar) {
    const { name, type } = entry.header;
    if (type !== 'file' && type !== 'contiguous-file') {
      entry.resume();
      continue;
    }
    const path = `${prefix}${name.replace(/^\.\//, '')}`;
    yield { path, chunks: readUnlessStopped(entry), skip: () => entry.resume() };
  }
}

/**
 * An entry's chunks for a consumer that may stop early (binary data is rejected after its first
 * chunk): stopping must not destroy the entry, since the tar reader waits for it to be read to its
 * end before it reads the next header, so the rest is drained instead.
 */
async function* readUnlessStopped(entry: AsyncIterable<unknown> & { resume(): unknown }): AsyncGenerator<Buffer> {
  const iterator = entry[Symbol.asyncIterator]();
  try {
    for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) yield next.value as Buffer; // tar-stream's chunks are Node Buffers
  } finally {
    entry.resume();
  }
}

/**
 * The files under a directory, depth first in name order; an archive inside it (each host's
 * `rabbitmq-env-HOST-….tgz` dropped in one folder) is read as part of the bundle.
 */
export async function* directoryEntries(root: string, dir = root): AsyncGenerator<BundleEntry> {
  const handle = await opendir(dir);
  const children: Dirent[] = [];
  for await (const child of handle) children.push(child);
  children.sort((a, b) => a.name.localeCompare(b.name));
  for (const child of children) {
    const full = join(dir, child.name);
    const path = relative(root, full).split('\\').join('/');
    if (child.isDirectory()) {
      yield* directoryEntries(root, full);
    } else if (child.isFile() && isTarball(child.name)) {
      const stream = createReadStream(full, { highWaterMark: READ_CHUNK_BYTES });
      try {
        yield* tarballEntries(stream, `${path}:`);
      } finally {
        stream.destroy();
      }
    } else if (child.isFile()) {
      yield { path, chunks: fileChunks(full), skip: () => undefined };
    }
  }
}

/** Opened only when read, so skipped files cost nothing. */
async function* fileChunks(path: string): AsyncGenerator<Buffer> {
  const stream = createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } finally {
    stream.destroy();
  }
}

/** A gzipped member (a rotated `rabbit@mq1.log.1.gz`) read through gunzip; a corrupt one fails its read. */
export const gunzipped = (chunks: AsyncIterable<Buffer>): AsyncIterable<Buffer> => {
  const gunzip = createGunzip();
  pipeline(Readable.from(chunks), gunzip, () => undefined);
  return gunzip;
};
