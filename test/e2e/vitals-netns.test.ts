import { IP } from '../../src/lab/lab-layout';
import { runCommand } from '../../src/lab/run-command';
import { useTestLab } from '../helpers/lab';
import { labBot } from '../helpers/lab-bot';

/*
 * `lab stress NODE tcp` on a namespaced lab: the node's own link is throttled until packets drop
 * while `lab load` sends traffic across it, and the bot, reading vitals inside the node's namespace,
 * sees the retransmits. `--stop` puts the link back.
 */
jest.setTimeout(300_000);

const DEADLINES = { connectMs: 5_000, commandMs: 12_000 };
/** A few polls give the throttled link time to drop packets and TCP time to retransmit them. */
const RETRANSMITS_WITHIN_MS = 60_000;

describe('a tcp-stressed node of a namespaced lab', () => {
  const lab = useTestLab({ nodes: 2, network: 'netns' }, 180_000);
  const ask = labBot(lab, DEADLINES, 'rmq-vitals-netns-e2e-');
  const qdisc = async () => (await runCommand([IP, 'netns', 'exec', lab().node('2').netns ?? '', 'tc', 'qdisc', 'show', 'dev', 'eth0'], { timeoutMs: 10_000 })).stdout;

  it('drops packets on the node\'s link under load, the bot sees retransmits there, and --stop restores the link', async () => {
    const load = await lab().startLoad(() => undefined);
    expect(load.homeNode.name).toBe(lab().node('2').name);
    // The node's own counter (its namespace has its own /proc/net/snmp), since boot: TCP on a stalled link
    // backs off to seconds between retries, so a one-second sample may hold none while the total grows.
    const retransmitsSinceBoot = (text: string): number => {
      const row = /TCP retransmits\s+\S+ [\d.]+\/s \([^;]*; (\d+) since boot\)/.exec(text.slice(text.indexOf(`${lab().node('2').name} (`)));
      if (row === null) throw new Error(`no retransmit total for node 2 in:\n${text}`);
      return Number(row[1]);
    };
    const before = retransmitsSinceBoot(await ask('vitals lab'));
    await lab().stress('2', 'tcp');
    try {
      expect(await qdisc()).toMatch(/^qdisc tbf /m);
      const since = Date.now();
      let answer = await ask('vitals lab');
      while (retransmitsSinceBoot(answer) <= before && Date.now() - since < RETRANSMITS_WITHIN_MS) answer = await ask('vitals lab');
      process.stderr.write(`[vitals netns e2e] retransmits since boot on node 2: ${before} before the throttle\n${answer}\n`);
      expect(retransmitsSinceBoot(answer)).toBeGreaterThan(before);
    } finally {
      const stopped = await lab().stopStress();
      expect(stopped.links).toEqual([lab().node('2').name]);
      await lab().stopLoad();
    }
    expect(await qdisc()).not.toMatch(/tbf/);
  });
});
