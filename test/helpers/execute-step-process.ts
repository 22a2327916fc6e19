import { loadConfigFile } from '../../src/config/load-config';
import { createMutationExecutor, describeExecution, describeUnfinishedStep } from '../../src/mutations/mutation-executor';
import { openSqliteStore } from '../../src/store/sqlite-store';
import { createSshTransports } from '../../src/transport/ssh-transport';

/**
 * A bot process reduced to its mutation path, for tests that kill it with SIGKILL mid-step:
 *
 *   tsx test/helpers/execute-step-process.ts CONFIG STORE_FILE STEP_ID
 *
 * Like a bot starting up, it first reports the steps it finds unfinished, then runs the step
 * through the real executor. Prints one JSON object per line.
 */
async function main(): Promise<void> {
  const [configFile, storeFile, stepId] = process.argv.slice(2);
  if (configFile === undefined || storeFile === undefined || stepId === undefined) throw new Error('usage: execute-step-process CONFIG STORE_FILE STEP_ID');
  const loaded = loadConfigFile(configFile);
  if (!loaded.ok) throw new Error(`config ${configFile} is invalid: ${JSON.stringify(loaded.error)}`);
  const store = openSqliteStore(storeFile);
  const transports = createSshTransports(loaded.value.config);
  try {
    await store.opened();
    const executor = createMutationExecutor({ journal: store, mutatorFor: transports.mutatorFor, now: () => new Date() });
    const unfinished = await executor.unfinished();
    process.stdout.write(`${JSON.stringify({ unfinished: unfinished.map((step) => ({ stepId: step.stepId, report: describeUnfinishedStep(step) })) })}\n`);
    const execution = await executor.execute(stepId);
    process.stdout.write(`${JSON.stringify({ execution: { kind: execution.kind, report: describeExecution(execution) } })}\n`);
  } finally {
    await transports.closeAll();
    await store.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
