import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildRegistry } from '../../src/app/build-registry';
import { createRegistry, type CommandRegistry } from '../../src/commands/registry';
import type { ActionDefinition, AnyCommandDefinition, Services } from '../../src/commands/types';
import { createSlackBot, type SlackBot, type SlackBotOptions } from '../../src/chat/slack/create-slack-bot';
import { configSchema, type BotConfig } from '../../src/config/schema';
import type { ClusterInspector, NodeReport } from '../../src/inspect/cluster-inspector';
import { silentLogger, type Logger } from '../../src/observability/logger';
import { createMutationExecutor } from '../../src/mutations/mutation-executor';
import { createSshTransports } from '../../src/transport/ssh-transport';
import { openSqliteStore } from '../../src/store/sqlite-store';
import type { Store } from '../../src/store/store';
import { FakeSlack } from '../helpers/fake-slack';
import { clusterView, sshFailedReport, sshTimeout, upReport as upNodeReport } from '../helpers/node-reports';
import { testSigningSecret } from '../helpers/slack-requests';

export const labNodes = ['rabbit1@localhost', 'rabbit2@localhost', 'rabbit3@localhost'];

export function labConfig(chat: Partial<BotConfig['chat']> = {}): BotConfig {
  return configSchema.parse({
    clusters: [
      {
        name: 'lab',
        role: 'primary',
        nodes: labNodes.map((name, i) => ({ name, ssh: { host: '127.0.0.1', port: 2201 + i, user: 'rabbit', agent: true, allowUnknownHostKey: true } })),
      },
    ],
    chat,
  });
}

/** One node's scripted answer: after `delayMs`, this report. */
export interface ScriptedNode {
  readonly delayMs: number;
  readonly report: NodeReport;
}

export function upReport(node: string, durationMs = 40): NodeReport {
  return upNodeReport('lab', node, clusterView(node, labNodes, labNodes), { durationMs });
}

export function unreachableReport(node: string): NodeReport {
  return sshFailedReport('lab', node, sshTimeout(node, 2201 + labNodes.indexOf(node), 5_000));
}

/** A ClusterInspector whose nodes answer on a script, so /rmq status runs for real without SSH. */
export function scriptedInspector(script: readonly ScriptedNode[]): ClusterInspector {
  const timers = new Set<NodeJS.Timeout>();
  return {
    inspect: (_cluster, onNode, nodes) =>
      Promise.all(
        script.filter((s) => nodes === undefined || nodes.includes(s.report.node)).map(
          (s) =>
            new Promise<NodeReport>((resolve) => {
              const timer = setTimeout(() => {
                timers.delete(timer);
                onNode?.(s.report);
                resolve(s.report);
              }, s.delayMs);
              timers.add(timer);
            }),
        ),
      ),
    close: async () => {
      for (const t of timers) clearTimeout(t);
    },
  };
}

export const quickLab: readonly ScriptedNode[] = labNodes.map((n, i) => ({ delayMs: 10 * (i + 1), report: upReport(n) }));

export interface Harness {
  readonly fake: FakeSlack;
  readonly bot: SlackBot;
  /** Null in Socket Mode. */
  readonly eventsUrl: string;
  readonly store: Store;
  readonly services: Services;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly chat?: Partial<BotConfig['chat']>;
  readonly inspector?: ClusterInspector;
  readonly extraCommands?: readonly AnyCommandDefinition[];
  readonly extraActions?: readonly ActionDefinition[];
  readonly transport?: 'http' | 'socket-mode';
  readonly tune?: Partial<Pick<SlackBotOptions, 'posting' | 'webApi' | 'usergroupCacheTtlMs' | 'buttonLifetimeMs'>>;
  readonly now?: () => Date;
  readonly logger?: Logger;
  /** Replaces the 3-node lab config (chat settings still come from `chat`). */
  readonly clusters?: BotConfig['clusters'];
}

export function registryWith(commands: readonly AnyCommandDefinition[], actions: readonly ActionDefinition[]): CommandRegistry {
  const real = buildRegistry();
  return createRegistry([...real.commands.values(), ...commands], [...real.actions.values(), ...actions]);
}

/** The real Bolt app (HTTP receiver on 127.0.0.1, or Socket Mode) against a fresh fake Slack and a temp SQLite store. */
export async function startBot(options: HarnessOptions = {}): Promise<Harness> {
  const fake = await FakeSlack.start();
  const dir = mkdtempSync(path.join(tmpdir(), 'rmq-slack-'));
  const store = openSqliteStore(path.join(dir, 'bot.sqlite'));
  const inspector = options.inspector ?? scriptedInspector(quickLab);
  const lab = labConfig(options.chat);
  const config = options.clusters ? { ...lab, clusters: options.clusters } : lab;
  // Real transports, opened lazily: these tests answer status from a scripted inspector and never reach a node.
  const { readerFor, mutatorFor } = createSshTransports(config);
  const now = options.now ?? (() => new Date());
  const services: Services = { config, inspector, readerFor, store, executor: createMutationExecutor({ journal: store, mutatorFor, now }), now };
  const transport =
    options.transport === 'socket-mode'
      ? { kind: 'socket-mode' as const, appToken: 'xapp-1-A0FAKE-1234567890-abcdef' }
      : { kind: 'http' as const, signingSecret: testSigningSecret };
  const created = await createSlackBot({
    tokens: { kind: 'ok', botToken: 'xoxb-1234-5678-abcdefghijkl', transport, apiUrl: fake.apiUrl },
    registry: registryWith(options.extraCommands ?? [], options.extraActions ?? []),
    services,
    logger: options.logger ?? silentLogger,
    listen: { port: 0, host: '127.0.0.1' },
    webApi: { timeoutMs: 1_000, retries: 1 },
    posting: { minIntervalMs: 50, maxRateLimitWaits: 3 },
    ...options.tune,
  });
  if (!created.ok) throw new Error(`bot did not start: ${JSON.stringify(created.error)}`);
  const bot = created.value;
  const { eventsUrl } = await bot.start();
  return {
    fake,
    bot,
    eventsUrl: eventsUrl ?? '',
    store,
    services,
    close: async () => {
      await bot.stop();
      await inspector.close();
      await fake.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
