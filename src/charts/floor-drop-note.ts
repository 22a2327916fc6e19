import type { StatusMark } from '../reply/model';
import { findSignature } from '../signatures/catalog';
import type { FloorDrop } from './chart-data';

const DROP_SIGNATURE = 'traffic-dropped-to-floor';
const clock = (atMs: number) => `${new Date(atMs).toISOString().slice(11, 19)} UTC`;

/**
 * A drop in words. With clients still connected after it, it is the incident's "dropped to the
 * floor" and says so with the catalog's meaning and next step; without, it may be clients that left.
 */
export function describeFloorDrop(drop: FloorDrop, connectionsAfter: number | null): { readonly text: string; readonly mark: StatusMark } {
  const fell = `${drop.series} dropped to zero at ${clock(drop.atMs)} (from ${drop.fromValue.toFixed(1)}/s)`;
  if (connectionsAfter === null) return { text: `${fell}; whether clients stayed connected is not known.`, mark: 'warning' };
  if (connectionsAfter === 0) return { text: `${fell}, and no client connection stayed open: the clients left.`, mark: 'warning' };
  const signature = findSignature(DROP_SIGNATURE);
  const stay = `${connectionsAfter} client connection${connectionsAfter === 1 ? ' stays' : 's stay'} open`;
  return { text: `${fell} while ${stay}. ${signature?.title ?? DROP_SIGNATURE}: ${signature?.meaning ?? ''} Next: ${signature?.nextStep ?? ''}`, mark: 'critical' };
}
