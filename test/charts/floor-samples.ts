import type { StoredSample } from '../../src/store/sample-store';

/**
 * What watch mode stores over 3 minutes of a lab like `lab load`'s: a poll every 15 s, 20 messages/s
 * published, the queue's home node crashes after the 6th poll, the client connection stays open.
 */
export const FLOOR_T0 = Date.parse('2026-11-30T10:00:00Z');
export const floorPollsFrom = (t0: number): Date[] => Array.from({ length: 12 }, (_, i) => new Date(t0 + i * 15_000));
export const floorPolls = floorPollsFrom(FLOOR_T0);
export const floorSamplesFrom = (t0: number): StoredSample[] => floorPollsFrom(t0).flatMap((at, i) => [
  { cluster: 'lab', series: 'publish', at, value: 20 },
  { cluster: 'lab', series: 'deliver', at, value: i < 6 ? 19.6 : 0 },
  { cluster: 'lab', series: 'ack', at, value: i < 6 ? 19.6 : 0 },
  { cluster: 'lab', series: 'connections', at, value: 1 },
  { cluster: 'lab', series: 'load-per-cpu:rabbit1@localhost', at, value: 0.4 + i / 10 },
  { cluster: 'lab', series: 'load-per-cpu:rabbit3@localhost', at, value: 0.3 },
]);
export const floorSamples = floorSamplesFrom(FLOOR_T0);
