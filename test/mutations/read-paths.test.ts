import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServices, type RunningServices } from '../../src/app/create-services';
import { configSchema } from '../../src/config/schema';
import { buildMutation } from '../../src/mutations/mutation-command';
import { silentLogger } from '../../src/observability/logger';
import type { ReadCommand } from '../../src/transport/types';

/*
 * Read paths (status, cluster, diagnose, logs) reach nodes only through the services the
 * composition root hands them. Those services must offer no way to send a mutating command.
 */
let dir: string;
let services: RunningServices;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'rmq-read-paths-'));
  // Port 9 on loopback: nothing listens, so anything that did get sent would come back unreachable, not rejected.
  const config = configSchema.parse({
    clusters: [{ name: 'prod', role: 'primary', nodes: [{ name: 'rabbit@mq1', ssh: { host: '127.0.0.1', port: 9, user: 'root', agent: true, allowUnknownHostKey: true } }, { name: 'rabbit@mq2', ssh: { host: '127.0.0.1', port: 9, user: 'root', agent: true, allowUnknownHostKey: true } }] }],
  });
  services = createServices({ file: path.join(dir, 'bot.yml'), config }, silentLogger);
});
afterAll(async () => {
  await services.close();
  rmSync(dir, { recursive: true, force: true });
});

const forgetMq2 = () => {
  const cluster = services.config.clusters[0];
  if (!cluster) throw new Error('no cluster');
  const built = buildMutation(cluster, { action: 'forget_cluster_node', node: 'rabbit@mq1', forget: 'rabbit@mq2', offline: false });
  if (!built.ok) throw new Error('not built');
  return built.value.command;
};

describe('read paths', () => {
  it('get read-only runners, and no mutation runner or raw transport', () => {
    expect(Object.keys(services)).not.toContain('mutatorFor');
    expect(Object.keys(services)).not.toContain('transportFor');
    // @ts-expect-error the services read paths get hold no mutation runner
    expect(services.mutatorFor).toBeUndefined();
    const reader = services.readerFor('prod', 'rabbit@mq1');
    // @ts-expect-error a read runner has no raw run
    expect(reader.run).toBeUndefined();
  });

  it('cannot send a mutating command, by type and at run time', async () => {
    const reader = services.readerFor('prod', 'rabbit@mq1');
    // @ts-expect-error a MutatingCommand is not a ReadCommand
    await expect(reader.read(forgetMq2())).rejects.toMatchObject({ name: 'CommandAccessError', expected: 'read', message: expect.stringContaining('refusing to send forget_cluster_node') });
    // A cast defeats the type; the run-time check still refuses before anything is sent.
    await expect(reader.read(forgetMq2() as unknown as ReadCommand)).rejects.toMatchObject({ name: 'CommandAccessError' });
  });
});
