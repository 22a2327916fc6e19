import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { loadConfigFile, type LoadedConfig } from '../../src/config/load-config';
import type { Lab } from '../../src/lab/lab';

export interface CriticalQueue {
  readonly vhost: string;
  readonly name: string;
}

/**
 * The lab's own bot config plus an `amqp` section per cluster: every node's AMQP port as an
 * endpoint, the broker's default guest user (allowed on loopback) with its password in a file, as
 * a secret ref. Written next to the lab's config and loaded by the bot's own loader.
 */
export function labConfigWithAmqp(lab: Lab, criticalQueues: Readonly<Record<string, readonly CriticalQueue[]>> = {}): LoadedConfig {
  const passwordFile = path.join(lab.dir, 'amqp-password');
  writeFileSync(passwordFile, 'guest\n', { mode: 0o600 });
  const config = parse(readFileSync(lab.configPath, 'utf8')) as { clusters: { name: string; amqp?: unknown }[] };
  for (const cluster of config.clusters) {
    const endpoints = lab.nodes.filter((n) => n.cluster === cluster.name).map((n) => ({ host: '127.0.0.1', port: n.amqpPort }));
    cluster.amqp = { endpoints, vhosts: ['/'], username: 'guest', password: { file: passwordFile }, criticalQueues: criticalQueues[cluster.name] ?? [] };
  }
  const file = path.join(lab.dir, 'bot-config-amqp.yaml');
  writeFileSync(file, stringify(config, { lineWidth: 0 }));
  const loaded = loadConfigFile(file);
  if (!loaded.ok) throw new Error(`the lab config with amqp sections was rejected: ${JSON.stringify(loaded.error)}`);
  return loaded.value;
}
