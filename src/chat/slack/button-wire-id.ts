/**
 * Slack wants action_ids unique within a block, and a reply may show the same action twice (one
 * "restart" button per node). The wire id adds the button's position in the reply; the handler
 * strips it to find the ActionDefinition, and the claim key keeps it so each button is its own.
 * A button that asks for a typed word first ends in `:typed`, so a press opens the modal at once.
 */
export function buttonWireId(actionId: string, position: number, typed = false): string {
  return `${actionId}:${position}${typed ? typedSuffix : ''}`;
}

const typedSuffix = ':typed';

export function actionIdFromWireId(wireId: string): string {
  return wireId.replace(/:\d+(:typed)?$/, '');
}

export const asksForTypedWord = (wireId: string): boolean => /:\d+:typed$/.test(wireId);
