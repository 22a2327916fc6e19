/**
 * Slack wants action_ids unique within a block, and a reply may show the same action twice (one
 * "restart" button per node). The wire id adds the button's position in the reply; the handler
 * strips it to find the ActionDefinition, and the claim key keeps it so each button is its own.
 */
export function buttonWireId(actionId: string, position: number): string {
  return `${actionId}:${position}`;
}

export function actionIdFromWireId(wireId: string): string {
  return wireId.replace(/:\d+$/, '');
}
