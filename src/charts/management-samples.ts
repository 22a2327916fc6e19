import { z } from 'zod';
import { findFloorDrops, type ChartSeries, type LineChart } from './chart-data';

/**
 * The management API's own history, asked with `?msg_rates_age=S&msg_rates_incr=I&lengths_age=S&lengths_incr=I`.
 * Message stats samples are running totals (rates come from neighbouring samples); queue length
 * samples are the lengths themselves. Newest sample first, as the API sends them.
 */
const samples = z.array(z.object({ sample: z.number(), timestamp: z.number() }));
/** `rate` is the API's own current rate (per second), present with or without the samples query. */
const detail = z.object({ samples, rate: z.number() }).partial();

export const overviewSamplesSchema = z.object({
  message_stats: z.object({ publish_details: detail, deliver_get_details: detail, ack_details: detail }).partial(),
  queue_totals: z.object({ messages_ready: z.number(), messages_unacknowledged: z.number(), messages_details: detail, messages_ready_details: detail, messages_unacknowledged_details: detail }).partial(),
  object_totals: z.object({ connections: z.number() }).partial(),
}).partial();

export type OverviewSamples = z.infer<typeof overviewSamplesSchema>;

/** The query that asks for `sinceSeconds` of history in at most ~120 samples, never finer than the API's 5 s. */
export function samplesQuery(sinceSeconds: number): string {
  const incr = Math.max(5, Math.ceil(sinceSeconds / 120 / 5) * 5);
  return `?msg_rates_age=${sinceSeconds}&msg_rates_incr=${incr}&lengths_age=${sinceSeconds}&lengths_incr=${incr}`;
}

type Sample = z.infer<typeof samples>[number];

const oldestFirst = (list: readonly Sample[] | undefined): Sample[] => [...(list ?? [])].sort((a, b) => a.timestamp - b.timestamp);

function rateSeries(name: string, list: readonly Sample[] | undefined): ChartSeries {
  const ordered = oldestFirst(list);
  const points = ordered.slice(1).flatMap((at, i) => {
    const before = ordered[i] as Sample;
    const seconds = (at.timestamp - before.timestamp) / 1000;
    // A counter that went down was reset (node restart): no rate for that step.
    return seconds > 0 && at.sample >= before.sample ? [{ atMs: at.timestamp, value: (at.sample - before.sample) / seconds }] : [];
  });
  return { name, points };
}

const gaugeSeries = (name: string, list: readonly Sample[] | undefined): ChartSeries => ({ name, points: oldestFirst(list).map((s) => ({ atMs: s.timestamp, value: s.sample })) });

export function ratesChart(overview: OverviewSamples, title: string): LineChart {
  const m = overview.message_stats;
  const series = [rateSeries('publish', m?.publish_details?.samples), rateSeries('deliver', m?.deliver_get_details?.samples), rateSeries('ack', m?.ack_details?.samples)].filter((s) => s.points.length > 0);
  return { kind: 'line', title, unit: 'messages/s', series, drops: findFloorDrops(series) };
}

export function queuesChart(overview: OverviewSamples, title: string): LineChart {
  const q = overview.queue_totals;
  const series = [gaugeSeries('ready', q?.messages_ready_details?.samples), gaugeSeries('unacked', q?.messages_unacknowledged_details?.samples)].filter((s) => s.points.length > 0);
  return { kind: 'line', title, unit: 'messages', series, drops: [] };
}
