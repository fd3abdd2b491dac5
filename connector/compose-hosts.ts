/**
 * The host outbox's parts (issue 14), built from the configuration: one adapter per
 * configured host, the recorder the use cases write events with, the delivery worker and
 * the admin routes. With no host configured, none of it exists and nothing changes.
 */
import type express from 'express';
import type { Config } from './config/config';
import type { Clock } from './services/runtime/clock';
import type { ServiceDeps } from './services/runtime/deps';
import type { HostAdminDeps } from './services/hosts/host-admin';
import { HostEventRecorder } from './services/hosts/host-events';
import { HostOutbox, type HostAdapter } from './services/hosts/host-outbox';
import { WebhookHost } from './services/hosts/webhook-host';
import { ZendeskHost } from './services/hosts/zendesk-host';
import { FreshdeskHost } from './services/hosts/freshdesk-host';
import { freshdeskWebhookRouter } from './http/routes/freshdesk-webhooks';
import { freshdeskSimulatorRouter } from './sandbox/freshdesk/router';
import { FreshdeskSimulator } from './sandbox/freshdesk/freshdesk-simulator';
import { SalesforceHost } from './services/hosts/salesforce-host';
import { salesforceWebhookRouter } from './http/routes/salesforce-webhooks';
import { salesforceSimulatorRouter } from './sandbox/salesforce/router';
import { SalesforceSimulator } from './sandbox/salesforce/salesforce-simulator';
import { SALESFORCE_API_VERSION } from '@domain/salesforce';
import { HubspotHost } from './services/hosts/hubspot-host';
import { hubspotWebhookRouter } from './http/routes/hubspot-webhooks';
import { hubspotSimulatorRouter } from './sandbox/hubspot/router';
import { HubspotSimulator } from './sandbox/hubspot/hubspot-simulator';
import { zendeskWebhookRouter } from './http/routes/zendesk-webhooks';
import { zendeskSimulatorRouter } from './sandbox/zendesk/router';
import { ZendeskSimulator } from './sandbox/zendesk/zendesk-simulator';
import type { OperatorAlerts } from './services/runtime/operator-alerts';

export interface HostParts {
  recorder: HostEventRecorder;
  outbox: HostOutbox;
  admin: HostAdminDeps;
  /** Routers outside /api (a host's webhook to the connector). */
  routers: express.Router[];
  /** Routers mounted in sandbox mode (a host's simulator). */
  sandboxMounts: Array<{ path: string; router: express.Router }>;
  /** ZENDESK_URL=sandbox: the Zendesk account the connector talks to. */
  zendeskSimulator: ZendeskSimulator | null;
}

export function composeHosts(
  config: Config,
  services: ServiceDeps,
  parts: { fetch: typeof fetch; alerts: OperatorAlerts; wallClock: Clock; random?: () => number },
): HostParts | null {
  const adapters: HostAdapter[] = [];
  const routers: express.Router[] = [];
  const sandboxMounts: HostParts['sandboxMounts'] = [];
  /** A host's simulator in sandbox mode: served at /sandbox/<host>, calling the connector's own /webhooks/<host>. */
  const mountSimulator = (host: string, simulator: { webhookUrl: string | null }, router: express.Router): void => {
    simulator.webhookUrl = `${config.publicUrl}/webhooks/${host}`;
    sandboxMounts.push({ path: `/sandbox/${host}`, router });
  };
  let zendeskSimulator: ZendeskSimulator | null = null;
  const { hosts } = config;
  const ticketDeps = (host: string) => ({
    db: services.db,
    clock: services.clock,
    live: services.live,
    fetch: parts.fetch,
    wallClock: parts.wallClock,
    timeline: hosts.timeline.includes(host),
  });
  if (hosts.webhook) adapters.push(new WebhookHost({ ...hosts.webhook, timeoutMs: hosts.timeoutMs }, parts.fetch, parts.wallClock));
  if (hosts.zendesk) {
    const zendesk = new ZendeskHost({ ...hosts.zendesk, timeoutMs: hosts.timeoutMs }, ticketDeps('zendesk'));
    adapters.push(zendesk);
    routers.push(zendeskWebhookRouter({ ...services, secret: hosts.zendesk.webhookSecret, wallClock: parts.wallClock }));
    if (hosts.zendesk.sandbox) {
      const simulator = new ZendeskSimulator({
        baseUrl: hosts.zendesk.url,
        email: hosts.zendesk.email,
        apiToken: hosts.zendesk.apiToken,
        webhookSecret: hosts.zendesk.webhookSecret,
        faultRate: config.sandbox.faultRate,
        fetch: parts.fetch,
      });
      zendeskSimulator = simulator;
      mountSimulator('zendesk', simulator, zendeskSimulatorRouter(simulator));
    }
  }
  if (hosts.freshdesk) {
    adapters.push(new FreshdeskHost({ ...hosts.freshdesk, timeoutMs: hosts.timeoutMs }, ticketDeps('freshdesk')));
    routers.push(freshdeskWebhookRouter({ ...services, token: hosts.freshdesk.webhookToken }));
    if (hosts.freshdesk.sandbox) {
      const simulator = new FreshdeskSimulator({
        baseUrl: hosts.freshdesk.url,
        apiKey: hosts.freshdesk.apiKey,
        webhookToken: hosts.freshdesk.webhookToken,
        faultRate: config.sandbox.faultRate,
        fetch: parts.fetch,
      });
      mountSimulator('freshdesk', simulator, freshdeskSimulatorRouter(simulator));
    }
  }
  if (hosts.hubspot) {
    const hubspot = new HubspotHost({ ...hosts.hubspot, timeoutMs: hosts.timeoutMs }, ticketDeps('hubspot'));
    adapters.push(hubspot);
    routers.push(
      hubspotWebhookRouter({
        ...services,
        clientSecret: hosts.hubspot.clientSecret,
        publicUrl: config.publicUrl,
        wallClock: parts.wallClock,
        actionForStage: (stage) => hubspot.actionForStage(stage),
      }),
    );
    if (hosts.hubspot.sandbox) {
      const simulator = new HubspotSimulator({
        baseUrl: hosts.hubspot.url,
        accessToken: hosts.hubspot.accessToken,
        clientSecret: hosts.hubspot.clientSecret,
        faultRate: config.sandbox.faultRate,
        fetch: parts.fetch,
      });
      mountSimulator('hubspot', simulator, hubspotSimulatorRouter(simulator));
    }
  }
  if (hosts.salesforce) {
    const salesforce = new SalesforceHost({ ...hosts.salesforce, apiVersion: SALESFORCE_API_VERSION, timeoutMs: hosts.timeoutMs }, ticketDeps('salesforce'));
    adapters.push(salesforce);
    routers.push(salesforceWebhookRouter({ ...services, token: hosts.salesforce.webhookToken, caseAction: (caseId) => salesforce.caseAction(caseId) }));
    if (hosts.salesforce.sandbox) {
      const simulator = new SalesforceSimulator({
        baseUrl: hosts.salesforce.url,
        clientId: hosts.salesforce.clientId,
        clientSecret: hosts.salesforce.clientSecret,
        webhookToken: hosts.salesforce.webhookToken,
        faultRate: config.sandbox.faultRate,
        fetch: parts.fetch,
      });
      mountSimulator('salesforce', simulator, salesforceSimulatorRouter(simulator));
    }
  }
  if (adapters.length === 0) return null;
  const recorder = new HostEventRecorder(adapters);
  const outbox = new HostOutbox({
    ...services,
    hostEvents: recorder,
    adapters,
    alerts: parts.alerts,
    wallClock: parts.wallClock,
    concurrency: hosts.concurrency,
    leaseMs: hosts.leaseMs,
    random: parts.random,
  });
  return { recorder, outbox, admin: { db: services.db, clock: parts.wallClock, hosts: recorder.hosts, outbox }, routers, sandboxMounts, zendeskSimulator };
}
