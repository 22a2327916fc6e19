import type { BundleReport } from './analysis-report';

const when = (time: string | null): string => (time === null ? '' : ` at ${time}`);

/** The cross-node story of one bundle, after the per-file blocks: the conclusions first, then the evidence. */
export const renderBundleText = (bundle: BundleReport): string => {
  const lines = [`Support bundle ${bundle.source} — ${bundle.nodes.length} node${bundle.nodes.length === 1 ? '' : 's'}: ${bundle.nodes.map((node) => node.node).join(', ')}`];
  lines.push(...(bundle.conclusions.length === 0 ? ['  no cross-node problem found'] : bundle.conclusions.map((conclusion) => `  [${conclusion.signature}] ${conclusion.summary}`)));
  if (bundle.sightings.length > 0) {
    lines.push('  who saw whom down:');
    for (const sighting of bundle.sightings) {
      const source = sighting.via === 'log' ? `in its log${when(sighting.firstTime)}${sighting.state === 'cleared' ? ', back later' : ''}` : 'in cluster_status (member not running)';
      lines.push(`    ${sighting.observer} saw ${sighting.node} down ${source}`);
    }
  }
  return `${lines.join('\n')}\n`;
};
