/**
 * One logical log entry: a header line (time, level, pid) and the lines that continue it. Pre-3.7
 * report records, 3.7/3.8 lager lines with unprefixed continuation lines and 3.9+ lines that repeat
 * their prefix all end up in this one shape.
 */
export interface LogRecord {
  /** ISO-8601 when the line carried a full date, the raw time text when it did not, null when absent. */
  readonly time: string | null;
  readonly level: string | null;
  readonly pid: string | null;
  /** The message lines without their prefixes, joined by "\n". */
  readonly message: string;
  /** 1-based physical line numbers in the input. */
  readonly firstLine: number;
  readonly lastLine: number;
}

/** A run of NUL bytes (or of their `^@` caret rendering in pasted text): a sparse hole left by a crash. */
export interface NulRun {
  readonly bytes: number;
  /** Byte offset of the run's first byte in the input. */
  readonly offset: number;
  /** 1-based physical line the run starts on. */
  readonly line: number;
  readonly rendering: 'bytes' | 'caret';
}
