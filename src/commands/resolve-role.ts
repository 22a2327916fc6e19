import type { BotConfig } from '../config/schema';
import type { Role } from './types';

/**
 * The highest role the config grants a user, directly or through one of their user groups; null
 * when the user is not even a viewer.
 */
export function resolveRole(roles: BotConfig['chat']['roles'], userId: string, groupIds: readonly string[] = []): Role | null {
  const holds = (list: readonly string[]) => list.includes(userId) || groupIds.some((g) => list.includes(g));
  if (holds(roles.approver)) return 'approver';
  if (holds(roles.operator)) return 'operator';
  if (roles.viewer.includes('*') || holds(roles.viewer)) return 'viewer';
  return null;
}
