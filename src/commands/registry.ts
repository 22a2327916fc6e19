import type { ActionDefinition, AnyCommandDefinition } from './types';

export interface CommandRegistry {
  readonly commands: ReadonlyMap<string, AnyCommandDefinition>;
  readonly actions: ReadonlyMap<string, ActionDefinition>;
}

/** Builds the registry once at start-up; a name used twice is a programming error and fails loudly. */
export function createRegistry(
  commands: readonly AnyCommandDefinition[],
  actions: readonly ActionDefinition[] = [],
): CommandRegistry {
  const byName = new Map<string, AnyCommandDefinition>();
  for (const command of commands) {
    if (byName.has(command.name)) throw new Error(`two commands are named "${command.name}"`);
    byName.set(command.name, command);
  }
  const byId = new Map<string, ActionDefinition>();
  for (const action of actions) {
    if (byId.has(action.actionId)) throw new Error(`two actions have the id "${action.actionId}"`);
    byId.set(action.actionId, action);
  }
  return { commands: byName, actions: byId };
}
