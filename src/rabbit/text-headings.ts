/** Section headings of the 3.8+ human-readable `status` and `cluster_status` output. */
export const TEXT_HEADINGS: ReadonlySet<string> = new Set([
  'Runtime', 'Plugins', 'Data directory', 'Config files', 'Log file(s)', 'Alarms', 'Memory',
  'File Descriptors', 'Free Disk Space', 'Totals', 'Listeners', 'Basics', 'Cluster Tags', 'Disk Nodes',
  'RAM Nodes', 'Running Nodes', 'Versions', 'CPU Cores', 'Maintenance status', 'Network Partitions',
  'Feature flags',
]);
