import { webApi } from '@slack/bolt';
import { z } from 'zod';
import type { Logger } from '../../observability/logger';

const usergroupUsersAnswer = z.object({ ok: z.literal(true), users: z.array(z.string()) });

interface CachedMembers {
  readonly members: ReadonlySet<string>;
  readonly fetchedAt: number;
}

/**
 * Members of Slack user groups (S…) named in chat.roles, cached for `ttlMs` so a burst of clicks
 * costs one usergroups.users.list per group. When Slack cannot answer, the last known members are
 * used; with none known, nobody is a member (a role is never granted on a failed lookup).
 */
export class UsergroupMembers {
  private readonly cache = new Map<string, CachedMembers>();

  constructor(
    private readonly client: webApi.WebClient,
    private readonly logger: Logger,
    private readonly ttlMs: number,
    private readonly now: () => Date,
  ) {}

  async includes(groupId: string, userId: string): Promise<boolean> {
    const members = await this.membersOf(groupId);
    return members.has(userId);
  }

  private async membersOf(groupId: string): Promise<ReadonlySet<string>> {
    const cached = this.cache.get(groupId);
    const now = this.now().getTime();
    if (cached && now - cached.fetchedAt < this.ttlMs) return cached.members;
    try {
      const answer = usergroupUsersAnswer.parse(await this.client.usergroups.users.list({ usergroup: groupId }));
      const fresh = { members: new Set(answer.users), fetchedAt: now };
      this.cache.set(groupId, fresh);
      return fresh.members;
    } catch (e) {
      this.logger.warn({ err: e, groupId, usingStale: cached !== undefined }, 'could not list user group members');
      return cached?.members ?? new Set();
    }
  }
}
