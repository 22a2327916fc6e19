import type { Signature } from './signature';

/** What client applications get wrong: credentials, queue names, frames. */
export const clientSignatures: readonly Signature[] = [
  {
    id: 'client-login-refused',
    severity: 'warning',
    title: 'client login refused',
    meaning: 'Clients (or management users) cannot log in: wrong credentials, an unknown user, or a user limited to loopback connections.',
    likelyCause: 'Credentials changed on one side only, the default user was replaced, or the `guest` user (loopback-only since 3.3) is used from another host.',
    nextStep: 'Check the user exists (rabbitmqctl list_users) and the client\'s password; for "can only connect via localhost" create a dedicated user instead of lifting loopback_users.',
    docsUrl: 'https://www.rabbitmq.com/docs/access-control',
    logMatchers: [
      {
        literals: ['login refused'],
        pattern: /\b(?:PLAIN|AMQPLAIN|EXTERNAL|ANONYMOUS|RABBIT-CR-DEMO) login refused: user '([^']{0,200})'/,
        subject: (m) => ({ user: m[1]! }),
      },
      { literals: ['HTTP access denied'], pattern: /HTTP access denied: user '([^']{0,200})'/, subject: (m) => ({ user: m[1]! }) },
      { literals: ['Login was refused'], pattern: /ACCESS_REFUSED - Login was refused using authentication mechanism \w{1,40}/ },
    ],
  },
  {
    id: 'queue-not-found',
    severity: 'warning',
    title: 'client used a missing queue',
    meaning: 'An application used a queue that does not exist (NOT_FOUND - no queue): its channel was closed.',
    likelyCause: 'The queue was never declared, was auto-deleted or exclusive to a closed connection, or lives in another vhost; not a node failure (that reads "home node … is down").',
    nextStep: 'Check the queue name and vhost with rabbitmqctl list_queues -p VHOST name; make the application declare what it consumes from.',
    docsUrl: 'https://www.rabbitmq.com/docs/queues',
    logMatchers: [
      {
        literals: ["no queue '"],
        pattern: /no queue '([^']{0,255})' in vhost '([^']{0,255})'/,
        subject: (m) => ({ queue: m[1]!, vhost: m[2]! }),
      },
    ],
  },
  {
    id: 'client-frame-error',
    severity: 'warning',
    title: 'client sent an invalid frame',
    meaning: 'A client sent a frame larger than the negotiated frame_max, or a malformed one, and the broker closed its connection.',
    likelyCause: 'A client library bug or a huge header/method (frame_too_large), or bytes that are not AMQP 0-9-1 (a different protocol or a TLS client on the plain port).',
    nextStep: 'Find the client by the connection\'s address; upgrade its library or shrink its headers; check that it speaks AMQP 0-9-1 to this port.',
    docsUrl: 'https://www.rabbitmq.com/docs/networking',
    logMatchers: [
      { literals: ['frame_too_large'], pattern: /\{frame_too_large,\s?\d{1,20},\s?\d{1,20}\}/ },
      { literals: ['frame_error', 'FRAME_ERROR'], pattern: /\bfatal_frame_error\b|connection exception frame_error\b|FRAME_ERROR - type \d/ },
    ],
  },
];
