import { statSync } from 'fs';
import { isTarball } from './bundle-layout';

/** A directory, or a file named like a gzipped tarball, is a support bundle rather than one input. */
export const isBundleSource = (source: string): boolean => {
  if (source === '-') return false;
  try {
    return statSync(source).isDirectory() || (statSync(source).isFile() && isTarball(source));
  } catch {
    return false;
  }
};
