import { appendFileSync, readFileSync } from 'node:fs';
import amqp from 'amqplib';
import { createServices } from '../../src/app/create-services';
import { renderReplyText } from '../../src/chat/console/render-text';
import { loadConfigFile } from '../../src/config/load-config';
import { collectEvidence } from '../../src/diagnose/collect-evidence';
import { buildDiagnoseReply } from '../../src/diagnose/diagnose-reply';
import { silentLogger } from '../../src/observability/logger';
import { useTestLab } from '../helpers/lab';
import { attemptUntil } from '../helpers/wait-for';

/*
 * Less over the wire, on a real lab: node 1's log is mostly connection chatter (real lines its own
 * clients made, then the same lines appended in bulk, as a busy broker writes them), and node 2
 * crashes after it. Diagnose has grep read the end of the log on the node and only the candidate
 * records come back over SSH, yet it still finds the crash.
 */

jest.setTimeout(180_000);

const CHATTER = /accepting AMQP connection|closing AMQP connection|authenticated and granted access/;
/** More than diagnose's window, so the window it scans is nothing but chatter and what follows it. */
const CHATTER_BYTES = 1536 * 1024;

/** Real client connections: the node writes its own accepting / authenticated / closing lines. */
async function connectAndClose(port: number, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    const connection = await amqp.connect(`amqp://guest:guest@127.0.0.1:${port}`, { timeout: 5_000 });
    connection.on('error', () => undefined);
    await connection.close();
  }
}

describe('diagnose reads a chatter-heavy log through grep on the node', () => {
  const lab = useTestLab({ nodes: 2 });

  it('transfers less than a tenth of what it scanned and still finds the crash', async () => {
    const loaded = loadConfigFile(lab().configPath);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
    const [cluster] = loaded.value.config.clusters;
    const n1 = lab().node('1');
    const n2 = lab().node('2');
    const logFile = cluster!.nodes.find((n) => n.name === n1.name)?.logFile;
    if (cluster === undefined || logFile === undefined) throw new Error('the lab config names no log file for node 1');

    await connectAndClose(n1.amqpPort, 5);
    const chatter = await attemptUntil(
      async () => readFileSync(logFile, 'utf8').split('\n').filter((line) => CHATTER.test(line)),
      (lines) => lines.length >= 10,
      40,
    );
    expect(chatter.length).toBeGreaterThanOrEqual(10);
    const block = `${chatter.join('\n')}\n`;
    appendFileSync(logFile, block.repeat(Math.ceil(CHATTER_BYTES / Buffer.byteLength(block))));

    await lab().crash('2');
    const downLine = new RegExp(`${n2.name.replace(/[.@]/g, '\\$&')}'? down`);
    await attemptUntil(async () => downLine.test(readFileSync(logFile, 'utf8').slice(-64 * 1024)), Boolean, 40);

    const services = createServices(loaded.value, silentLogger);
    try {
      const evidence = await collectEvidence(cluster, services);
      const read = evidence.logs.find((log) => log.node === n1.name);
      expect(read?.kind).toBe('read');
      if (read?.kind !== 'read') return;
      expect(read.scannedBytes).toBeGreaterThanOrEqual(1024 * 1024);
      expect(read.transferredBytes).toBeLessThan(read.scannedBytes / 10);
      expect(evidence.findings).toContainEqual(expect.objectContaining({ signature: 'node-down', subject: expect.objectContaining({ node: n2.name }) }));
      const rendered = renderReplyText(buildDiagnoseReply(evidence), { colour: false, buttonIds: [] });
      expect(rendered).toMatch(/log read \(1\.0 MiB scanned on the node, [\d.]+ (?:B|KiB) over SSH\)/);
    } finally {
      await services.close();
    }
  });
});
