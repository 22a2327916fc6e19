import type { StepRecord } from '../store/step-journal';
import type { Incident, Store } from '../store/store';
import { incidentEvents } from './incident-events';
import { renderPostmortem, type PostmortemChart } from './render-postmortem';

/** Reads an incident's events and steps from the store and renders its postmortem draft. */
export async function buildPostmortem(store: Store, incident: Incident, timeZone: string, now: Date, charts?: readonly PostmortemChart[]): Promise<string> {
  const events = await incidentEvents(store, incident);
  const stepIds = [...new Set(events.flatMap((e) => (e.kind === 'step-planned' || e.kind === 'step-started' || e.kind === 'step-finished' ? [e.details.stepId] : [])))];
  const steps: StepRecord[] = [];
  for (const id of stepIds) {
    const step = await store.getStep(id);
    if (step) steps.push(step);
  }
  return renderPostmortem({ incident, events, steps, timeZone, now, ...(charts ? { charts } : {}) });
}
