/** Past the transport's own deadlines (connect, then the command), a guard that ends the wait regardless. */
export const backstopSignal = (deadlines: { readonly connectMs: number; readonly commandMs: number }): AbortSignal =>
  AbortSignal.timeout(deadlines.connectMs + deadlines.commandMs + 2_000);
