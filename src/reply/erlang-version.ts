/**
 * JSON status prints the whole emulator banner ("Erlang/OTP 25 [erts-13.1.5] [source] [64-bit] …");
 * a reply only needs the release and the runtime version.
 */
export function shortErlangVersion(version: string | null): string {
  if (version === null) return 'unknown';
  const otp = /OTP\s+(\d+)/.exec(version)?.[1];
  const erts = /erts-([\d.]+)/.exec(version)?.[1];
  if (otp && erts) return `OTP ${otp} (erts ${erts})`;
  return version.replace(/^Erlang\s+/i, '');
}
