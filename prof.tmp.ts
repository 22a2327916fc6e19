import { createReadStream } from 'fs';
import { LogAnalyzer } from './src/signatures/log-analyzer';
(async () => {
  const c0 = process.cpuUsage();
  const a = new LogAnalyzer();
  for await (const c of createReadStream(process.argv[2]!, { highWaterMark: 1 << 20 })) a.push(c as Buffer);
  const r = a.end();
  console.log(r.findings.length, r.bytes, process.cpuUsage(c0).user / 1000, 'ms user');
})();
