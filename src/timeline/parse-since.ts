import { err, ok, type Result } from '../result';

const unitMs = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `30m`, `2h`, `45s`, `1d` → milliseconds. */
export function parseSince(text: string): Result<number, string> {
  const match = /^(\d{1,6})([smhd])$/.exec(text.trim());
  if (!match) return err(`--since takes an amount and a unit, like 30m, 2h, 45s or 1d; got "${text}"`);
  return ok(Number(match[1]) * unitMs[match[2] as keyof typeof unitMs]);
}
