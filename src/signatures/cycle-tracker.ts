import type { Finding, Sighting } from './finding';
import type { Signature, Subject } from './signature';
import { subjectKey } from './signature';
import { recordEpochMs } from './record-time';
import { describeSubject } from './summarize-finding';

interface Track {
  readonly signature: Signature;
  readonly subject: Subject;
  /** Separate outages: the several lines one outage logs ("rabbit on node X down", "node X down: …") count once. */
  downs: number;
  returns: number;
  isDown: boolean;
  firstDown: Sighting;
  lastDown: Sighting;
}

const spell = (seconds: number): string => {
  if (seconds < 90) return `${Math.round(seconds)}s`;
  if (seconds < 5400) return `${Math.floor(seconds / 60)}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`;
  return `${(seconds / 3600).toFixed(1)}h`;
};

/**
 * Folds the downs and returns of each subject into one finding per subject: a node that went down
 * five times is one "restart loop" with a count and the mean interval between its downs, not five
 * findings and not a list of events.
 */
export class CycleTracker {
  private readonly tracks = new Map<string, Track>();

  down(signature: Signature, subject: Subject, at: Sighting): void {
    const key = subjectKey(signature.id, subject);
    const track = this.tracks.get(key);
    if (track === undefined) {
      this.tracks.set(key, { signature, subject, downs: 1, returns: 0, isDown: true, firstDown: at, lastDown: at });
      return;
    }
    if (track.isDown) return;
    track.downs += 1;
    track.isDown = true;
    track.lastDown = at;
  }

  up(id: string, subject: Subject): void {
    const track = this.tracks.get(subjectKey(id, subject));
    if (track === undefined || !track.isDown) return;
    track.returns += 1;
    track.isDown = false;
  }

  findings(): Finding[] {
    return [...this.tracks.values()].filter(isLoop).map(toFinding);
  }
}

const isLoop = (track: Track): boolean => track.returns >= (track.signature.cycle?.minReturns ?? Infinity);

const toFinding = (track: Track): Finding => {
  const { signature, subject, downs, returns, firstDown, lastDown } = track;
  const first = recordEpochMs(firstDown.time);
  const last = recordEpochMs(lastDown.time);
  const intervalSeconds = first !== null && last !== null && last > first ? (last - first) / 1000 / (downs - 1) : null;
  const about = describeSubject(subject);
  const every = intervalSeconds === null ? '' : `, about every ${spell(intervalSeconds)}`;
  return {
    signature: signature.id,
    severity: signature.severity,
    count: downs,
    firstLine: firstDown.firstLine,
    lastLine: lastDown.lastLine,
    firstTime: firstDown.time,
    lastTime: lastDown.time,
    node: subject.node ?? null,
    subject,
    summary: `${signature.title}${about === '' ? '' : `: ${about}`} (down ${downs}×, back ${returns}×${every})`,
    state: 'active',
    clearedLine: null,
    clearedTime: null,
    cycle: { downs, returns, intervalSeconds: intervalSeconds === null ? null : Math.round(intervalSeconds) },
  };
};
