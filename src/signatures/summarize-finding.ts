import type { Signature, Subject } from './signature';

const quoted = (value: string | undefined): string | null => (value === undefined ? null : `'${value}'`);

/** Subject in words, e.g. "queue 'q' in vhost 'v' on rabbit@x". */
export const describeSubject = (subject: Subject): string => {
  const parts = [
    subject.routingKey === undefined ? null : `routing key ${subject.routingKey}`,
    subject.exchange === undefined ? null : `exchange ${quoted(subject.exchange)}`,
    subject.queue === undefined ? null : `queue ${quoted(subject.queue)}`,
    subject.vhost === undefined ? null : `in vhost ${quoted(subject.vhost)}`,
    subject.node === undefined ? null : `node ${subject.node}`,
    subject.peer === undefined ? null : `peer ${subject.peer}`,
    subject.port === undefined ? null : `port ${subject.port}`,
    subject.host === undefined ? null : `host ${subject.host}`,
    subject.user === undefined ? null : `user ${quoted(subject.user)}`,
  ];
  return parts.filter((part): part is string => part !== null).join(', ');
};

export const summarizeFinding = (
  signature: Signature,
  subject: Subject,
  count: number,
  clearedTime: string | null | undefined,
): string => {
  const about = describeSubject(subject);
  const times = count > 1 ? ` (${count}×)` : '';
  const cleared = clearedTime === undefined ? '' : ` — cleared${clearedTime === null ? '' : ` at ${clearedTime}`}`;
  return `${signature.title}${about === '' ? '' : `: ${about}`}${times}${cleared}`;
};
