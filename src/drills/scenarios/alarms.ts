import type { Scenario } from '../drill-types';
import { says } from '../expectations';
import { rabbitmqctlStep } from '../lab-actions';
import { BACK_TO_HEALTHY_MS, baseline, healthy, LOOPBACK_LAB } from './common';

/** Alarms are raised and cleared by the node's own monitors, which poll every few seconds. */
const ALARM_MS = 30_000;

export const memoryAlarmScenario: Scenario = {
  name: 'memory-alarm',
  summary: 'a node\'s memory watermark is lowered below its use: the bot names the memory alarm and says publishers are blocked cluster-wide',
  lab: LOOPBACK_LAB,
  subject: '2',
  readOnlyHint: 'rabbitmqctl -n NODE set_vm_memory_high_watermark 0.0001 (restore with 0.4)',
  plan: ({ subject, others }) => ({
    prepare: [baseline(others.length + 1)],
    inject: [rabbitmqctlStep(`lower the memory watermark of ${subject} to 0.0001`, subject, ['set_vm_memory_high_watermark', '0.0001'])],
    during: [{ kind: 'ask', line: '/rmq status', expect: [says(`${subject}: memory alarm is active; publishers on the whole cluster are blocked until it clears.`)], untilMs: ALARM_MS }],
    recover: [rabbitmqctlStep(`restore the memory watermark of ${subject} to 0.4`, subject, ['set_vm_memory_high_watermark', '0.4']), healthy(others.length + 1, BACK_TO_HEALTHY_MS)],
  }),
};

export const diskAlarmScenario: Scenario = {
  name: 'disk-alarm',
  summary: 'a node\'s disk_free_limit is raised above its free space: the bot names the disk alarm and says publishers are blocked cluster-wide',
  lab: LOOPBACK_LAB,
  subject: '1',
  readOnlyHint: 'rabbitmqctl -n NODE set_disk_free_limit 1000000GB (restore with 50MB)',
  plan: ({ subject, others }) => ({
    prepare: [baseline(others.length + 1)],
    inject: [rabbitmqctlStep(`raise the disk_free_limit of ${subject} to 1000000GB`, subject, ['set_disk_free_limit', '1000000GB'])],
    during: [{ kind: 'ask', line: '/rmq status', expect: [says(`${subject}: disk alarm is active; publishers on the whole cluster are blocked until it clears.`)], untilMs: ALARM_MS }],
    recover: [rabbitmqctlStep(`restore the disk_free_limit of ${subject} to 50MB`, subject, ['set_disk_free_limit', '50MB']), healthy(others.length + 1, BACK_TO_HEALTHY_MS)],
  }),
};
