import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { drawIncidentCharts } from '../../src/charts/incident-charts';
import { openSqliteStore } from '../../src/store/sqlite-store';
import type { Store } from '../../src/store/store';
import { renderPostmortem } from '../../src/timeline/render-postmortem';
import { decodePng } from './decode-png';
import { FLOOR_T0, floorSamples } from './floor-samples';

describe('the charts of an incident window, for the postmortem', () => {
  let dir = '';
  let store: Store;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'incident-charts-'));
    store = openSqliteStore(path.join(dir, 'bot.sqlite'));
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const incident = { id: 'inc-20261130-f100r0', channel: 'C0INCIDENT', title: 'deliveries stopped', openedBy: 'U0ALICE', openedAt: new Date(FLOOR_T0 + 60_000), closedAt: new Date(FLOOR_T0 + 165_000), rootTs: null };

  it('draws what watch mode stored inside the window, and the draft embeds each chart with its drop in words', async () => {
    await store.saveSamples('lab', floorSamples, new Date(FLOOR_T0 - 1));
    const charts = await drawIncidentCharts(store, incident.id, ['lab', 'lab-standby'], incident.openedAt, incident.closedAt);
    expect(charts.map((c) => c.filename)).toEqual([`${incident.id}-lab-rates.png`, `${incident.id}-lab-vitals.png`]);
    const [rates] = charts;
    expect(decodePng(rates!.png).width).toBeGreaterThan(700);
    expect(rates!.notes).toEqual([expect.stringMatching(/^deliver dropped to zero at 10:01:30 UTC .* stays open\. message rates dropped to the floor/), expect.stringMatching(/^ack dropped to zero/)]);
    const draft = renderPostmortem({ incident, events: [], steps: [], timeZone: 'UTC', now: new Date(FLOOR_T0 + 200_000), charts });
    expect(draft).toContain(`## Charts\n\n![Message rates of lab during ${incident.id}](${incident.id}-lab-rates.png)\n\n- deliver dropped to zero at 10:01:30 UTC`);
    expect(draft).toContain(`![Load per CPU of the hosts of lab during ${incident.id}](${incident.id}-lab-vitals.png)`);
  }, 30_000);

  it('no samples in the window: no chart, and the draft has no Charts section', async () => {
    await store.saveSamples('lab', floorSamples, new Date(FLOOR_T0 - 1));
    const later = { ...incident, openedAt: new Date(FLOOR_T0 + 3600_000), closedAt: new Date(FLOOR_T0 + 7200_000) };
    const charts = await drawIncidentCharts(store, later.id, ['lab'], later.openedAt, later.closedAt);
    expect(charts).toEqual([]);
    expect(renderPostmortem({ incident: later, events: [], steps: [], timeZone: 'UTC', now: later.closedAt, charts })).not.toContain('## Charts');
  });
});
