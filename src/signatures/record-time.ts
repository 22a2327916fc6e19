/**
 * A record's time as epoch milliseconds, for ordering and intervals across files and nodes.
 * Record times are ISO-8601 when the line had a date; one without a zone is the log's own clock,
 * read as UTC. Time-only lines (no date) cannot be placed and give null.
 */
export const recordEpochMs = (time: string | null): number | null => {
  if (time === null || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.test(time)) return null;
  const zoned = /(?:Z|[+-]\d{2}:?\d{2})$/.test(time) ? time : `${time}Z`;
  const ms = Date.parse(zoned);
  return Number.isNaN(ms) ? null : ms;
};
