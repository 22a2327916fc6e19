import { resolveRole } from '../../commands/resolve-role';
import type { Actor, Role } from '../../commands/types';
import type { BotConfig } from '../../config/schema';
import type { Reply } from '../../reply/model';
import type { UsergroupMembers } from './usergroup-members';

export type AccessDecision = { readonly kind: 'allowed'; readonly actor: Actor } | { readonly kind: 'refused'; readonly reply: Reply };

function refusal(summary: string, detail: string): Reply {
  return { summary, mark: 'warning', ephemeral: true, blocks: [{ kind: 'text', text: summary, mark: 'warning' }, { kind: 'context', text: detail }] };
}

/**
 * Who may use the bot where: chat.allowedChannels, then chat.roles (user ids U…/W… or user-group ids
 * S…, highest role wins, as resolveRole decides). What each role may run is the command's own `permission`, checked by
 * runCommandText / runActionById.
 */
export class AccessPolicy {
  constructor(
    private readonly chat: BotConfig['chat'],
    private readonly groups: UsergroupMembers,
  ) {}

  /** The channel check alone: synchronous, so it fits before a modal opens within the trigger's 3 s. */
  channelRefusal(channel: string): Reply | null {
    const allowed = this.chat.allowedChannels;
    if (allowed.length === 0 || allowed.includes(channel)) return null;
    return refusal(
      'Sorry, I only answer in the incident channels I am configured for, and this is not one of them.',
      `Channel ${channel} is not in chat.allowedChannels (${allowed.join(', ')}). Ask there, or ask an admin to add this channel.`,
    );
  }

  async decide(channel: string, userId: string): Promise<AccessDecision> {
    const channelRefusal = this.channelRefusal(channel);
    if (channelRefusal) return { kind: 'refused', reply: channelRefusal };
    const role = await this.roleOf(userId);
    if (role === null) {
      return {
        kind: 'refused',
        reply: refusal(
          'Sorry, you do not have a role for this bot yet.',
          `Ask an admin to add your Slack user id (${userId}) or one of your user groups to chat.roles in the bot config.`,
        ),
      };
    }
    return { kind: 'allowed', actor: { id: userId, role } };
  }

  /** Only the groups named in chat.roles are looked up, each once per cache period. */
  private async roleOf(userId: string): Promise<Role | null> {
    const { approver, operator, viewer } = this.chat.roles;
    const named = [...new Set([...approver, ...operator, ...viewer].filter((p) => p.startsWith('S')))];
    const memberships = await Promise.all(named.map(async (group) => ((await this.groups.includes(group, userId)) ? group : null)));
    return resolveRole(this.chat.roles, userId, memberships.filter((g): g is string => g !== null));
  }
}
