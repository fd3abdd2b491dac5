/**
 * HubSpot (issue 14): a help desk ticket per conversation through the CRM v3 APIs, associated
 * with the customer's contact, linked both ways.
 *
 * - created or reopened with no ticket yet: the ticket is first looked for by the unique
 *   property `go2msg_conversation` (`go2msg:<contact id>`; an earlier attempt may have created
 *   it before its answer was lost; a read by unique property is immediate, where search lags);
 *   then the contact is found by phone (`phone` or `mobilephone`, search API) or created; then
 *   the ticket is created in the help desk pipeline's first open stage, source Chat, subject
 *   and content from the first message, associated with the contact (type 16). Its id and
 *   record URL are stored on the conversation. The two go2msg ticket properties are created in
 *   the account the first time (a 409 means they exist).
 * - reopened with a ticket: back to the pipeline's first open stage. resolved: to its first
 *   closed stage (unless HubSpot itself closed it: its webhook resolved the conversation).
 *
 * Authenticated with a bearer token: a static-auth app's (or legacy private app's) access
 * token, or a service key.
 */
import {
  HUBSPOT_CONVERSATION_PROPERTY,
  HUBSPOT_NOTE_TO_TICKET,
  HUBSPOT_NUMBER_PROPERTY,
  HUBSPOT_TICKET_TO_CONTACT,
  HUBSPOT_TICKET_TYPE_ID,
  conversationActionForStage,
  hubspotConversationKey,
  hubspotSubject,
  pipelineStages,
  type HubspotStage,
} from '@domain/hubspot';
import type { HostEventBody } from '@domain/host-events';
import { textAsHtml, type TimelineNote } from '@domain/host-timeline';
import { HostCallInterrupted } from './host-http';
import { TicketHost, type TicketHostDeps } from './ticket-host';

export interface HubspotHostConfig {
  /** https://api.hubapi.com, or the sandbox simulator's base URL. */
  url: string;
  accessToken: string;
  /** The help desk pipeline new tickets go to ("0": HubSpot's default). */
  pipeline: string;
  timeoutMs: number;
  sandbox: boolean;
}

export const HUBSPOT_HOST = 'hubspot';

const PROPERTIES = [
  { name: HUBSPOT_CONVERSATION_PROPERTY, label: 'go2msg conversation', hasUniqueValue: true },
  { name: HUBSPOT_NUMBER_PROPERTY, label: 'WhatsApp number (go2msg)', hasUniqueValue: false },
];

export class HubspotHost extends TicketHost {
  private account: { portalId: number; appUrl: string } | null = null;
  private propertiesReady = false;
  private stages: HubspotStage[] | null = null;

  constructor(
    private readonly config: HubspotHostConfig,
    deps: TicketHostDeps,
  ) {
    super(HUBSPOT_HOST, deps, {
      product: 'HubSpot',
      url: config.url,
      sandbox: config.sandbox,
      apiPath: '',
      authorization: `Bearer ${config.accessToken}`,
      secrets: [config.accessToken],
      timeoutMs: config.timeoutMs,
      configVariables: 'HUBSPOT_ACCESS_TOKEN',
      // HubSpot's errors: {"status":"error","message":"…","correlationId":"…","category":"VALIDATION_ERROR"}
      explain: (json) => {
        const j = json as { category?: unknown; errorType?: unknown; message?: unknown } | null;
        return [j?.category ?? j?.errorType, j?.message].filter((w) => typeof w === 'string' && w).join(': ');
      },
    });
  }

  ticketUrl(id: string): string {
    if (!this.account) throw new Error('the HubSpot account is read before a ticket is linked');
    return `${this.account.appUrl}/contacts/${this.account.portalId}/record/${HUBSPOT_TICKET_TYPE_ID}/${id}`;
  }

  /** What a ticket moved to this stage asks of its conversation (HubSpot's webhook). An unknown stage reads the pipeline again. */
  async actionForStage(stageId: string): Promise<'resolve' | 'reopen' | null> {
    let stages = await this.pipeline();
    if (!stages.some((s) => s.id === stageId)) {
      this.stages = null;
      stages = await this.pipeline();
    }
    return conversationActionForStage(stages, stageId);
  }

  protected async resolveTicket(ticketId: string): Promise<void> {
    await this.moveTo(ticketId, (await this.stageIds()).closed);
  }

  protected async reopenTicket(_event: HostEventBody, _contactId: number, ticketId: string): Promise<void> {
    await this.moveTo(ticketId, (await this.stageIds()).open);
  }

  protected async createTicket(event: HostEventBody, contactId: number): Promise<void> {
    await this.readAccount();
    await this.ensureProperties();
    const key = hubspotConversationKey(contactId);
    const existing = await this.ticketByKey(key);
    if (existing) return this.link(contactId, existing);
    const { open } = await this.stageIds();
    const hubspotContact = await this.contactFor(event);
    const text = event.conversation?.firstMessageText ?? null;
    const who = event.contact.phone ?? event.contact.name ?? 'a WhatsApp customer';
    const answer = await this.api.call('POST', '/crm/v3/objects/tickets', {
      properties: {
        subject: hubspotSubject(text, who),
        content: text?.trim() ? text : `WhatsApp conversation with ${who} (no text in the first message).`,
        hs_pipeline: this.config.pipeline,
        hs_pipeline_stage: open,
        source_type: 'CHAT',
        [HUBSPOT_CONVERSATION_PROPERTY]: key,
        [HUBSPOT_NUMBER_PROPERTY]: event.contact.phone ?? (event.contact.waId ? `+${event.contact.waId}` : ''),
      },
      associations: hubspotContact
        ? [{ to: { id: hubspotContact }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: HUBSPOT_TICKET_TO_CONTACT }] }]
        : [],
    });
    // 409: the unique conversation value is taken, so the ticket exists after all.
    const id =
      answer.status === 409 ? await this.ticketByKey(key) : answer.outcome.kind === 'delivered' ? (answer.json as { id?: string } | null)?.id : undefined;
    if (answer.status !== 409 && answer.outcome.kind !== 'delivered') throw new HostCallInterrupted(this.api.explained(answer));
    if (!id) throw new HostCallInterrupted({ kind: 'transient', status: null, reason: 'HubSpot answered without a ticket' });
    await this.link(contactId, id);
  }

  protected async timelineHas(ticketId: string, marker: string): Promise<boolean> {
    // The ticket's notes by association (immediate, where the search API lags), then their bodies.
    const associated = await this.api.ok<{ results?: Array<{ toObjectId: number | string }> }>(
      'GET',
      `/crm/v4/objects/tickets/${encodeURIComponent(ticketId)}/associations/notes?limit=500`,
    );
    const ids = (associated.results ?? []).map((r) => String(r.toObjectId)).slice(-100);
    if (ids.length === 0) return false;
    const notes = await this.api.ok<{ results?: Array<{ properties?: Record<string, string | null> }> }>('POST', '/crm/v3/objects/notes/batch/read', {
      properties: ['hs_note_body'],
      inputs: ids.map((id) => ({ id })),
    });
    return (notes.results ?? []).some((n) => n.properties?.hs_note_body?.includes(marker));
  }

  /** A note associated with the ticket (HubSpot's note-to-ticket association, 228), on its timeline for agents. */
  protected async addToTimeline(ticketId: string, note: TimelineNote): Promise<void> {
    await this.api.ok('POST', '/crm/v3/objects/notes', {
      properties: { hs_note_body: textAsHtml(note.body), hs_timestamp: new Date(this.deps.wallClock.now()).toISOString() },
      associations: [{ to: { id: ticketId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: HUBSPOT_NOTE_TO_TICKET }] }],
    });
  }

  private async moveTo(ticketId: string, stage: string): Promise<void> {
    await this.api.ok('PATCH', `/crm/v3/objects/tickets/${encodeURIComponent(ticketId)}`, { properties: { hs_pipeline_stage: stage } });
  }

  private async ticketByKey(key: string): Promise<string | null> {
    const answer = await this.api.call('GET', `/crm/v3/objects/tickets/${encodeURIComponent(key)}?idProperty=${HUBSPOT_CONVERSATION_PROPERTY}`);
    if (answer.status === 404) return null;
    if (answer.outcome.kind !== 'delivered') throw new HostCallInterrupted(this.api.explained(answer));
    return (answer.json as { id?: string } | null)?.id ?? null;
  }

  /** The customer's HubSpot contact: by phone or mobile phone, or created. A customer with no phone (a business-scoped id only) gets a ticket without one. */
  private async contactFor(event: HostEventBody): Promise<string | null> {
    const { phone, name } = event.contact;
    if (!phone) return null;
    const found = await this.api.ok<{ results?: Array<{ id: string }> }>('POST', '/crm/v3/objects/contacts/search', {
      filterGroups: ['phone', 'mobilephone'].map((propertyName) => ({ filters: [{ propertyName, operator: 'EQ', value: phone }] })),
      properties: ['phone', 'mobilephone', 'firstname'],
      limit: 1,
    });
    if (found.results?.[0]) return found.results[0].id;
    const created = await this.api.ok<{ id?: string }>('POST', '/crm/v3/objects/contacts', {
      properties: { phone, ...(name?.trim() ? { firstname: name.trim() } : {}) },
    });
    if (!created.id) throw new HostCallInterrupted({ kind: 'transient', status: null, reason: 'HubSpot answered without a contact' });
    return created.id;
  }

  private async readAccount(): Promise<void> {
    if (this.account) return;
    const details = await this.api.ok<{ portalId?: number; uiDomain?: string }>('GET', '/account-info/v3/details');
    if (!details.portalId) throw new HostCallInterrupted({ kind: 'transient', status: null, reason: 'HubSpot answered without the account id' });
    // The sandbox's records are pages of the simulator; a real account's are on its UI domain (app.hubspot.com, app-eu1.hubspot.com).
    this.account = { portalId: details.portalId, appUrl: this.config.sandbox ? this.config.url : `https://${details.uiDomain ?? 'app.hubspot.com'}` };
  }

  private async ensureProperties(): Promise<void> {
    if (this.propertiesReady) return;
    for (const p of PROPERTIES) {
      const read = await this.api.call('GET', `/crm/v3/properties/tickets/${p.name}`);
      if (read.outcome.kind === 'delivered') continue;
      if (read.status !== 404) throw new HostCallInterrupted(this.api.explained(read));
      const created = await this.api.call('POST', '/crm/v3/properties/tickets', {
        name: p.name,
        label: p.label,
        type: 'string',
        fieldType: 'text',
        groupName: 'ticketinformation',
        hasUniqueValue: p.hasUniqueValue,
        description: 'Set by go2msg: the WhatsApp conversation this ticket stands for.',
      });
      if (created.outcome.kind !== 'delivered' && created.status !== 409) throw new HostCallInterrupted(this.api.explained(created));
    }
    this.propertiesReady = true;
  }

  private async pipeline(): Promise<HubspotStage[]> {
    if (this.stages) return this.stages;
    const pipeline = await this.api.ok<{ stages?: HubspotStage[] }>('GET', `/crm/v3/pipelines/tickets/${encodeURIComponent(this.config.pipeline)}`);
    this.stages = pipeline.stages ?? [];
    return this.stages;
  }

  private async stageIds(): Promise<{ open: string; closed: string }> {
    const ids = pipelineStages(await this.pipeline());
    if (!ids)
      throw new HostCallInterrupted({
        kind: 'permanent',
        status: 422,
        reason: `HubSpot pipeline ${this.config.pipeline} has no open and closed stage: set HUBSPOT_PIPELINE to a help desk pipeline`,
      });
    return ids;
  }
}
