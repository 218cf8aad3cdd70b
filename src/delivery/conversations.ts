import type { Logger } from 'pino';

import type { TeamsAppInstaller } from '../graph/installer.js';
import type { Database } from '../store/db.js';
import {
  personalConversation,
  saveConversationReference,
  type StoredConversation,
} from '../store/conversations.repository.js';
import { referenceForInstalledChat } from '../teams/reference.js';
import type { StaffMember } from '../domain/staff.js';

export type Resolved = { ok: true; conversation: StoredConversation } | { ok: false; reason: string };

/** Where a proactive message to this person goes, or why it cannot go anywhere. */
export type ConversationResolver = (member: StaffMember) => Promise<Resolved>;

/**
 * The stored personal chat if the user has ever talked to the bot; otherwise, with Graph
 * configured, install the app for them and use the chat that creates. A conversation marked
 * unreachable (blocked, app removed) stays unreachable until the user talks to the bot again:
 * reinstalling behind their back would undo their choice.
 */
export function createConversationResolver(deps: {
  database: Database;
  log: Logger;
  installer?: TeamsAppInstaller | null;
  botAppId?: string;
  serviceUrl?: string;
}): ConversationResolver {
  const { database, installer } = deps;
  return async (member) => {
    if (member.aadObjectId) {
      const stored = await personalConversation(database, member.aadObjectId);
      if (stored?.unreachableReason)
        return { ok: false, reason: `conversation unreachable: ${stored.unreachableReason}` };
      if (stored) return { ok: true, conversation: stored };
    }
    if (!installer) return { ok: false, reason: 'app not installed' };
    const installed = await installer.ensurePersonalChat({
      aadObjectId: member.aadObjectId,
      email: member.email,
    });
    if (!installed.ok) return { ok: false, reason: installed.reason };
    if (installed.userId !== member.aadObjectId) {
      // Graph found them by email: any chat stored under that id is the one to use.
      const stored = await personalConversation(database, installed.userId);
      if (stored?.unreachableReason)
        return { ok: false, reason: `conversation unreachable: ${stored.unreachableReason}` };
      if (stored) return { ok: true, conversation: stored };
    }
    const conversation = referenceForInstalledChat({
      chatId: installed.chatId,
      aadObjectId: installed.userId,
      tenantId: installed.tenantId,
      botAppId: deps.botAppId ?? '',
      serviceUrl: deps.serviceUrl ?? 'https://smba.trafficmanager.net/teams/',
    });
    await saveConversationReference(database, conversation);
    deps.log.info(
      { event: 'conversation_created_via_graph', staffId: member.id },
      'personal chat created by installing the app',
    );
    return { ok: true, conversation };
  };
}
