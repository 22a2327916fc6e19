import { createInterface } from 'node:readline';
import { PassThrough, Writable } from 'node:stream';
import type { CliIo } from '../cli/cli-io';
import { runConsoleCommand } from '../cli/console-command';
import type { Lab } from '../lab/lab';
import { declareQueue, startQueueClients, type QueueClients } from './amqp-clients';
import { SEED_QUEUES } from './scenarios/seed-2016';

/**
 * `npm run demo`: the 2016 incident replayed on the lab, with a guide beside the console saying what
 * is happening and what to type next. The guide only reads what the responder types and when the
 * bot has answered; the console itself is the plain `rmq-bot console`.
 */
interface GuideStep {
  /** The command that completes this step. */
  readonly command: RegExp;
  /** Said once the bot has answered it. */
  readonly then: string;
}

const QUIT = new Set(['quit', 'exit', '\\q']);

function tour(dead: string, deadShort: string, survivorShort: string): GuideStep[] {
  return [
    {
      command: /^\/rmq status\b/,
      then: `The bot says within seconds that ${dead} is down while its host still answers SSH; in 2016 nobody could tell that for a long while. Next: /rmq diagnose`,
    },
    {
      command: /^\/rmq diagnose\b/,
      then: `This is the moment of 2016: the responders evicted the node (forget_cluster_node). The bot says why not: ${SEED_QUEUES.join(' and ')} live on ${dead}; evicting it deletes them with their messages and makes its return harder. Next: /rmq logs ${survivorShort} --grep base.moses.task4  (the clients' errors on a survivor)`,
    },
    {
      command: /^\/rmq logs\b/,
      then: `Those are the incident's client errors. The fix that keeps the queues: bring the node back. In another terminal: npx rmq-bot lab start ${deadShort}, then ask /rmq status again. (Type quit to leave; the lab keeps running.)`,
    },
  ];
}

export async function runGuidedReplay(lab: Lab, io: CliIo): Promise<number> {
  const say = (text: string) => io.stderr.write(`\n» ${text}\n\n`);
  const [survivor, , dead] = lab.nodes.filter((n) => n.cluster === 'lab');
  if (survivor === undefined || dead === undefined) {
    io.stderr.write('The guided replay needs the 3-node lab; opening the plain console.\n');
    return runConsoleCommand(['--config', lab.configPath], io);
  }
  say(`Replaying 17 Aug 2016. ${dead.name} plays node 7 (rabbit@qc-moses-rmq-bak-7): it is the home of the durable, non-mirrored queues ${SEED_QUEUES.join(' and ')}. A publisher and a consumer work on base.moses.task4 through ${survivor.name}.`);
  for (const queue of SEED_QUEUES) {
    const declared = await declareQueue(dead.amqpPort, queue);
    if (!declared.ok) throw new Error(`could not declare ${queue} on ${dead.name}: ${declared.error}`);
  }
  let clients: QueueClients | null = await startQueueClients(survivor.amqpPort, SEED_QUEUES[0]);
  try {
    if (lab.processState(dead.name) !== 'stopped') await lab.crash(dead.name);
    say(`14:13 — the hypervisor under node 7 fails: ${dead.name}'s Erlang VM is killed (kill -9). The consumer is cancelled and the clients keep redeclaring ${SEED_QUEUES[0]}, which now fails. You are on call. Type: /rmq status`);
    const steps = tour(dead.name, dead.shortName, survivor.shortName);
    const input = new PassThrough();
    // One entry per line the console will answer, in order: the hint to give after that answer, if any.
    const awaiting: (GuideStep | null)[] = [];
    const output = new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        const text = chunk.toString();
        io.stdout.write(text);
        // The prompt is written on its own; anything else is a reply.
        if (text !== 'rmq> ') {
          const step = awaiting.shift();
          if (step) say(step.then);
        }
        done();
      },
    });
    const session = runConsoleCommand(['--config', lab.configPath], { stdin: input, stdout: output, stderr: io.stderr, interactive: io.interactive });
    const typed = createInterface({ input: io.stdin, terminal: false });
    for await (const line of typed) {
      const command = line.trim();
      if (QUIT.has(command)) break;
      if (command !== '') awaiting.push(steps[0]?.command.test(command) ? (steps.shift() ?? null) : null);
      input.write(`${line}\n`);
    }
    input.end();
    return await session;
  } finally {
    await clients.close();
    clients = null;
  }
}
