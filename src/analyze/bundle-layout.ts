/**
 * Where a file of a support bundle comes from and what it holds. The layout is the one
 * `rabbitmq-collect-env` writes, one tree per host: `<host>/rabbitmq/logs/<node>.log`,
 * `<host>/rabbitmq/rabbitmqctl_status`, `…/rabbitmqctl_cluster_status`, `…/rabbitmqctl_report`,
 * `<host>/system/…`. Trees unpacked from several hosts' archives sit side by side.
 */
export type BundleRole = 'log' | 'status' | 'cluster_status' | 'report' | 'skip';

export interface BundlePath {
  readonly role: BundleRole;
  /** The host directory the file sits under, when the path has one. */
  readonly host: string | null;
  /** The Erlang node the file name names (`rabbit@mq1.log`), when it does. */
  readonly node: string | null;
  /** Rotated logs are often gzipped inside the bundle. */
  readonly gzipped: boolean;
}

const COMMAND_OUTPUTS: Readonly<Record<string, BundleRole>> = {
  rabbitmqctl_status: 'status',
  rabbitmqctl_cluster_status: 'cluster_status',
  rabbitmqctl_report: 'report',
};

/** `rabbit@mq1.log`, `rabbit@mq1-sasl.log`, `rabbit@mq1_upgrade.log`, `rabbit@mq1.log.1`, `….log.2.gz`. */
const NODE_LOG = /^([\w.-]+@[\w.-]+?)(?:-sasl|_upgrade)?\.log(?:\.\d+)?(?:\.gz)?$/;
/** The 2.x–3.x console captures and other plain log names under a logs directory. */
const OTHER_LOG = /^(?:startup_log|startup_err|erl_crash\.dump|[\w.@-]+\.log(?:\.\d+)?)(?:\.gz)?$/;

export const classifyBundlePath = (path: string): BundlePath => {
  // `a.tgz:host/…` names a file inside an archive found in a directory.
  const parts = path.split(/[/:]/).filter((part) => part !== '' && part !== '.');
  const name = parts[parts.length - 1] ?? '';
  const rabbitmqAt = parts.indexOf('rabbitmq');
  const host = rabbitmqAt > 0 ? parts[rabbitmqAt - 1]! : parts.length > 1 ? parts[0]! : null;
  const gzipped = name.endsWith('.gz');
  const skip: BundlePath = { role: 'skip', host, node: null, gzipped };
  if (parts.includes('.info') || parts.includes('etc') || parts.includes('system')) return skip;
  const command = COMMAND_OUTPUTS[name];
  if (command !== undefined) return { role: command, host, node: null, gzipped: false };
  const nodeLog = NODE_LOG.exec(name);
  if (nodeLog) return { role: 'log', host, node: nodeLog[1]!, gzipped };
  if (OTHER_LOG.test(name)) return { role: 'log', host, node: null, gzipped };
  return skip;
};

/** A file named like a gzipped tarball: a whole support bundle, not one input. */
export const isTarball = (path: string): boolean => /\.(?:tar\.gz|tgz)$/i.test(path);
