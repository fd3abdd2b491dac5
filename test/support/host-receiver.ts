/**
 * An in-house CRM's webhook endpoint for go2msg's host events: keeps every POST with its
 * headers and whether its X-Go2msg-Signature verifies, and answers what the test says
 * (faults, 429, a refused credential). The check is written here from the recipe in
 * docs/HOST-EVENTS.md with Node's crypto alone, not with the connector's code.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HostEventBody } from '../../connector/domain/host-events';

export interface ReceivedEvent {
  at: number;
  headers: IncomingHttpHeaders;
  raw: string;
  body: HostEventBody;
  verified: boolean;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Waits this long before answering (longer than the connector's timeout: a timeout). */
  delayMs?: number;
}

export interface HostReceiver {
  url: string;
  received: ReceivedEvent[];
  /** Events taken (2xx), each id once: what an idempotent receiver keeps. */
  taken(): Map<string, HostEventBody>;
  /** Decides each answer; default 200. */
  answer: (event: ReceivedEvent) => Answer;
  close(): Promise<void>;
}

/** The documented recipe: t and v1 from the header; HMAC-SHA256 of `${t}.${raw body}` in hex; within 5 minutes. */
export function verifyGo2msgSignature(secret: string, raw: string, header: string | undefined, nowSeconds: number): boolean {
  if (!header) return false;
  const parts = new Map(header.split(',').map((kv) => kv.split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${raw}`, 'utf8').digest();
  const given = Buffer.from(v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function startHostReceiver(secret: string): Promise<HostReceiver> {
  const received: ReceivedEvent[] = [];
  const takenIds = new Map<string, HostEventBody>();
  const receiver: HostReceiver = {
    url: '',
    received,
    taken: () => takenIds,
    answer: () => ({ status: 200 }),
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const event: ReceivedEvent = {
        at: Date.now(),
        headers: req.headers,
        raw,
        body: JSON.parse(raw) as HostEventBody,
        verified: verifyGo2msgSignature(secret, raw, req.headers['x-go2msg-signature'] as string | undefined, Math.floor(Date.now() / 1000)),
      };
      received.push(event);
      const answer = receiver.answer(event);
      // Taken before answering: a slow answer the connector gave up on was still taken (it comes again, with the same id).
      if (answer.status >= 200 && answer.status < 300 && event.verified) takenIds.set(event.body.id, event.body);
      const reply = () => {
        if (res.destroyed) return;
        res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(answer.body ?? '{}');
      };
      if (answer.delayMs) setTimeout(reply, answer.delayMs);
      else reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/go2msg-events`;
  return receiver;
}
