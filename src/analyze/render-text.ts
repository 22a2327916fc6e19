import { findSignature } from '../signatures/catalog';
import type { AnalysisReport, InputReport } from './analysis-report';
import { renderBundleText } from './render-bundle-text';

type ReportedFinding = InputReport['findings'][number];

const where = (finding: ReportedFinding): string => {
  const lines =
    finding.firstLine === null ? '' : finding.firstLine === finding.lastLine ? `line ${finding.firstLine}` : `lines ${finding.firstLine}–${finding.lastLine}`;
  const time = finding.firstTime === null ? '' : finding.firstTime === finding.lastTime ? finding.firstTime : `${finding.firstTime} → ${finding.lastTime}`;
  return [lines, time].filter((part) => part !== '').join(', ');
};

const renderFinding = (finding: ReportedFinding): string[] => {
  const position = where(finding);
  const next = findSignature(finding.signature)?.nextStep;
  const active = finding.state !== 'cleared';
  const see = finding.remediation === undefined ? [] : [finding.remediation.guide, ...(finding.remediation.docs === null ? [] : [finding.remediation.docs])];
  return [
    `  ${finding.severity.toUpperCase().padEnd(8)} [${finding.signature}] ${finding.summary}${position === '' ? '' : `  (${position})`}`,
    ...(next === undefined || !active ? [] : [`           next: ${next}`]),
    ...(see.length === 0 || !active ? [] : [`           see:  ${see.join(' · ')}`]),
  ];
};

const renderInput = (input: InputReport): string[] => {
  if (input.error !== undefined) return [`${input.source}: ${input.error}`];
  const encoding = input.encoding === undefined ? '' : ` (${input.encoding.toUpperCase()}, re-encoded as UTF-8)`;
  const heading = `${input.source} — ${input.kind}${input.status?.node ? ` of ${input.status.node}` : ''}${input.cluster?.node ? ` from ${input.cluster.node}` : ''}${encoding}`;
  const body = input.findings.length === 0 ? ['  no known signatures found'] : input.findings.flatMap(renderFinding);
  return [heading, ...body];
};

/** The human reading of an analysis: one block per input, most severe findings first. */
export const renderAnalysisText = (report: AnalysisReport): string =>
  [`${report.inputs.map((input) => renderInput(input).join('\n')).join('\n\n')}\n`, ...(report.bundles ?? []).map(renderBundleText)].join('\n');
