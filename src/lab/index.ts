/** The local lab: a real RabbitMQ cluster and a private sshd on loopback, for e2e tests, benchmarks and demos. */
export { Lab, type LabNode, type StoppedProcess } from './lab';
export { LabError, isLabError, type LabErrorCode } from './lab-errors';
export type { LabLayout, LabNodeLayout, SshdLayout, LabClusterName } from './lab-layout';
export type { LabStatus, NodeStatus, SshdStatus } from './lab-status';
export { formatLabStatus } from './lab-status';
export { runLab, type LabIo } from './run-lab';
export { startLab, type StartLabOptions } from './start-lab';
export { startSilentListener, type SilentListener } from './silent-listener';
