// The CLI's information units are decimal (RabbitMQ.CLI.InformationUnit: 1 gb = 10^9 bytes).
const UNIT_BYTES: Readonly<Record<string, number>> = {
  bytes: 1,
  kb: 1e3,
  kilobytes: 1e3,
  mb: 1e6,
  megabytes: 1e6,
  gb: 1e9,
  gigabytes: 1e9,
  tb: 1e12,
  terabytes: 1e12,
};
// The CLI rounds every converted figure to 4 decimals of the unit (Float.round(bytes / unit, 4)).
const PRINTED_DECIMALS = 4;

export interface PrintedSize {
  readonly bytes: number;
  /** Bytes one step of the last printed digit is worth; 1 for exact byte counts. */
  readonly resolution: number;
}

/**
 * Converts a size the CLI printed ("0.126", "gb") back to bytes. The result is the printed value
 * scaled, rounded to whole bytes; `resolution` says how much precision the print had, so a caller
 * never reads 126000000 as exact when the node only said 0.126 gb.
 */
export function readPrintedSize(value: string, unit: string): PrintedSize | null {
  const unitBytes = UNIT_BYTES[unit.toLowerCase()];
  const number = Number(value);
  if (unitBytes === undefined || value.trim() === '' || !Number.isFinite(number)) return null;
  if (unitBytes === 1) return { bytes: number, resolution: 1 };
  return {
    bytes: Math.round(number * unitBytes),
    resolution: Math.max(1, unitBytes / 10 ** PRINTED_DECIMALS),
  };
}
