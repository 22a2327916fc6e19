import { inflateSync } from 'node:zlib';

/** A minimal PNG decoder for 8-bit RGBA/RGB images, enough to look at the pixels resvg wrote. */
export interface DecodedPng {
  readonly width: number;
  readonly height: number;
  /** RGBA, row by row. */
  readonly rgba: Uint8Array;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function decodePng(png: Buffer): DecodedPng {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG');
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const [bitDepth, colourType] = [data[8], data[9]];
      if (bitDepth !== 8 || (colourType !== 6 && colourType !== 2)) throw new Error(`unsupported PNG: depth ${bitDepth}, colour type ${colourType}`);
      channels = colourType === 6 ? 4 : 3;
    } else if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x] as number;
      const left = x >= channels ? (out[y * stride + x - channels] as number) : 0;
      const up = y > 0 ? (out[(y - 1) * stride + x] as number) : 0;
      const upLeft = y > 0 && x >= channels ? (out[(y - 1) * stride + x - channels] as number) : 0;
      const paeth = () => {
        const p = left + up - upLeft;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
        return pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      };
      const predictor = [0, left, up, (left + up) >> 1, paeth()][filter as number] ?? 0;
      out[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  if (channels === 4) return { width, height, rgba: out };
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) rgba.set([out[i * 3] as number, out[i * 3 + 1] as number, out[i * 3 + 2] as number, 255], i * 4);
  return { width, height, rgba };
}

/** How many pixels are close to the given colour. */
export function countPixelsNear(image: DecodedPng, [r, g, b]: readonly [number, number, number], tolerance = 24): number {
  let n = 0;
  for (let i = 0; i < image.rgba.length; i += 4) {
    if (Math.abs((image.rgba[i] as number) - r) <= tolerance && Math.abs((image.rgba[i + 1] as number) - g) <= tolerance && Math.abs((image.rgba[i + 2] as number) - b) <= tolerance) n++;
  }
  return n;
}
