/**
 * `npm run setup`: checks a live configuration one step at a time, says what
 * each step found, and for each problem what is wrong and what to do. Two
 * problems it fixes itself: an app not subscribed to the WABA's webhooks, and
 * an unregistered number (with the PIN from WHATSAPP_REGISTRATION_PIN, or
 * asked for when a person is at the terminal — never waiting on a pipe).
 *
 * A step runs only when the steps it needs passed; the others still run, so
 * one run shows every problem it can. The token never appears in the output.
 */
import { randomBytes } from 'node:crypto';
import { GraphApiError } from '../whatsapp/graph-error';
import { createManagementApi, type ManagementApi, type PhoneNumberInfo, type TokenInfo } from '../whatsapp/management-api';
import { describeBusinessNumber, type BusinessNumber } from '@domain/business-numbers';
import { MIGRATION_GUIDE } from './migration-guide';

export interface SetupConfig {
  graphApiUrl: string;
  accessToken: string;
  wabaId: string;
  /** The default number (WHATSAPP_PHONE_NUMBER_ID, else the first of WHATSAPP_PHONE_NUMBERS). */
  phoneNumberId: string;
  /** Every number the connector answers for (WHATSAPP_PHONE_NUMBERS), the default first; absent: the default alone. */
  numbers?: BusinessNumber[];
  verifyToken: string;
  publicUrl: string;
  /** WHATSAPP_REGISTRATION_PIN, when set. */
  pin: string | null;
}

export interface SetupIO {
  write(line: string): void;
  /** Asks a person for the PIN; null when nobody can answer (stdin is not a terminal). */
  askPin: (() => Promise<string | null>) | null;
  fetch?: typeof fetch;
}

export type StepStatus = 'ok' | 'fixed' | 'warning' | 'failed' | 'skipped';

export interface StepResult {
  id: StepId;
  title: string;
  status: StepStatus;
  /** What was found, in one line. */
  summary: string;
  /** For failures and warnings: what to do. */
  fix?: string;
  /** More lines worth knowing (the account's other numbers), printed under the summary. */
  details?: string[];
}

export type StepId = 'config' | 'token' | 'waba' | 'number' | 'subscription' | 'registration' | 'webhook' | 'reachable';

export const REQUIRED_SCOPES = ['whatsapp_business_management', 'whatsapp_business_messaging'];
const PIN = /^\d{6}$/;
const WEEK = 7 * 24 * 3600_000;

class StepProblem extends Error {
  constructor(
    readonly summary: string,
    readonly fix: string,
  ) {
    super(summary);
  }
}

/** A Graph refusal explained for the person running setup. */
function explain(error: unknown, what: string): StepProblem {
  if (error instanceof StepProblem) return error;
  if (!(error instanceof GraphApiError)) return new StepProblem(`${what}: ${String(error)}`, 'Run setup again; if it keeps failing, check the network.');
  if (error.code === null) return new StepProblem(`Meta's Graph API could not be reached (${error.title}).`, 'Check the network and GRAPH_API_URL.');
  if (error.code === 0 || error.code === 190) {
    return new StepProblem(
      `Meta refused the access token (#${error.code} ${error.title}).`,
      'Create a system-user token in Meta Business Settings > System users, with whatsapp_business_management and whatsapp_business_messaging, and set WHATSAPP_ACCESS_TOKEN.',
    );
  }
  if (error.code === 10 || error.code === 200 || error.code === 3) {
    return new StepProblem(
      `The token lacks a permission for ${what} (#${error.code}).`,
      'Give the system user access to the WhatsApp Business Account (Business Settings > Accounts > WhatsApp accounts > Assign people) and the two WhatsApp permissions.',
    );
  }
  return new StepProblem(
    `${what}: Meta answered #${error.code} ${error.title}${error.details ? ` — ${error.details}` : ''}.`,
    "See Meta's explanation above; fix the value it names and run setup again.",
  );
}

const STEPS: Array<{ id: StepId; title: string; needs: StepId[] }> = [
  { id: 'config', title: 'Configuration', needs: [] },
  { id: 'token', title: 'Access token and permissions', needs: ['config'] },
  { id: 'waba', title: 'WhatsApp Business Account', needs: ['token'] },
  { id: 'number', title: 'Phone number', needs: ['waba'] },
  { id: 'subscription', title: "App subscribed to the account's webhooks", needs: ['token'] },
  { id: 'registration', title: 'Number registered with the Cloud API', needs: ['number'] },
  { id: 'webhook', title: 'Webhook answers the verification', needs: ['config'] },
  { id: 'reachable', title: 'Meta reaches the webhook from outside', needs: ['webhook', 'subscription'] },
];

export const SETUP_VARIABLES = ['WHATSAPP_ACCESS_TOKEN', 'WHATSAPP_WABA_ID', 'WHATSAPP_PHONE_NUMBER_ID', 'WHATSAPP_VERIFY_TOKEN', 'PUBLIC_URL'] as const;

/** Checks the values setup needs; the problems name each variable. */
export function configProblems(config: Partial<SetupConfig>): string[] {
  const problems: string[] = [];
  if (!config.accessToken) problems.push('WHATSAPP_ACCESS_TOKEN is not set (a system-user token).');
  if (!config.wabaId || !/^\d+$/.test(config.wabaId)) problems.push('WHATSAPP_WABA_ID must be the numeric WhatsApp Business Account id.');
  if (!config.phoneNumberId || !/^\d+$/.test(config.phoneNumberId))
    problems.push('WHATSAPP_PHONE_NUMBER_ID must be the numeric phone number id (not the phone number).');
  if (!config.verifyToken || config.verifyToken.length < 8)
    problems.push('WHATSAPP_VERIFY_TOKEN must be set, at least 8 characters, the same the connector uses.');
  if (!config.publicUrl || !/^https?:\/\/[^/]+/.test(config.publicUrl))
    problems.push('PUBLIC_URL must be where Meta reaches the connector, e.g. https://wa.example.com.');
  if (!config.graphApiUrl || !/\/v\d+\.\d+$/.test(config.graphApiUrl))
    problems.push('GRAPH_API_URL must end with the Graph version, e.g. https://graph.facebook.com/v24.0.');
  if (config.pin && !PIN.test(config.pin)) problems.push('WHATSAPP_REGISTRATION_PIN must be 6 digits.');
  return problems;
}

export async function runSetup(config: SetupConfig, io: SetupIO): Promise<{ ok: boolean; steps: StepResult[] }> {
  const api: ManagementApi = createManagementApi({
    baseUrl: config.graphApiUrl,
    accessToken: config.accessToken,
    wabaId: config.wabaId,
    phoneNumberId: config.phoneNumberId,
    fetch: io.fetch,
  });
  const doFetch = io.fetch ?? fetch;
  const webhookUrl = `${config.publicUrl.replace(/\/+$/, '')}/webhooks/whatsapp`;
  let token: TokenInfo | null = null;
  const numbers: BusinessNumber[] = config.numbers?.length ? config.numbers : [{ id: config.phoneNumberId, displayPhoneNumber: null, label: null }];
  const several = numbers.length > 1;
  /** Each configured number as Meta describes it, once the number step read them. */
  const phones: Array<{ number: BusinessNumber; info: PhoneNumberInfo }> = [];

  const run: Record<StepId, () => Promise<Omit<StepResult, 'id' | 'title'>>> = {
    async config() {
      const problems = configProblems(config);
      if (problems.length)
        throw new StepProblem(
          problems.join(' '),
          `Set ${problems.length === 1 ? 'it' : 'them'} in the environment (the same values the connector uses) and run setup again.`,
        );
      const which = several ? `numbers ${numbers.map((n) => n.id).join(', ')}` : `number ${config.phoneNumberId}`;
      return { status: 'ok', summary: `Graph ${config.graphApiUrl}, account ${config.wabaId}, ${which}, webhook ${webhookUrl}` };
    },

    async token() {
      token = await api.debugToken();
      if (!token.valid)
        throw new StepProblem(
          `Meta says the token is not valid${token.error ? ` (${token.error})` : ''}.`,
          'Create a new system-user token and set WHATSAPP_ACCESS_TOKEN.',
        );
      const missing = REQUIRED_SCOPES.filter((s) => !token!.scopes.includes(s));
      if (missing.length)
        throw new StepProblem(`The token lacks ${missing.join(' and ')}.`, 'Generate the system-user token again with both WhatsApp permissions ticked.');
      const covered = token.granularScopes.filter((g) => REQUIRED_SCOPES.includes(g.scope) && g.targetIds.length > 0);
      if (covered.length && !covered.every((g) => g.targetIds.includes(config.wabaId))) {
        throw new StepProblem(
          `The token's WhatsApp permissions do not cover account ${config.wabaId}.`,
          'Assign the system user to this WhatsApp Business Account in Business Settings, then generate the token again.',
        );
      }
      const expiry = token.expiresAt === null ? 'never expires' : `expires ${new Date(token.expiresAt).toISOString()}`;
      const who = `${token.type === 'SYSTEM_USER' ? 'system-user token' : `${(token.type ?? 'user').toLowerCase()} token`} of app "${token.application ?? token.appId ?? 'unknown'}", ${expiry}`;
      if (token.expiresAt !== null && token.expiresAt - Date.now() < WEEK) {
        return { status: 'warning', summary: who, fix: 'The token expires within a week: use a system-user token that never expires.' };
      }
      return { status: 'ok', summary: `${who}; has ${REQUIRED_SCOPES.join(', ')}` };
    },

    async waba() {
      const waba = await api.getWaba();
      return { status: 'ok', summary: `${waba.name ?? 'unnamed'} (${waba.id})${waba.currency ? `, billed in ${waba.currency}` : ''}` };
    },

    async number() {
      const listed = await api.listPhoneNumbers();
      const describe = (n: PhoneNumberInfo) => `${n.id} (${n.displayPhoneNumber ?? '?'}, ${n.verifiedName ?? '?'})`;
      const absent = numbers.filter((n) => !listed.some((l) => l.id === n.id));
      if (absent.length) {
        const found = listed.map(describe).join('; ') || 'none';
        const variable = several ? 'WHATSAPP_PHONE_NUMBERS' : 'WHATSAPP_PHONE_NUMBER_ID';
        throw new StepProblem(
          `Number id ${absent.map((n) => n.id).join(', ')} ${absent.length === 1 ? 'is' : 'are'} not in account ${config.wabaId}. Numbers found: ${found}.`,
          `Set ${variable} to ${several ? 'numbers among' : 'one of'} them, or add the number to the account.\n\n${MIGRATION_GUIDE}`,
        );
      }
      // Each configured number, as Meta describes it: display name and its review, quality, messaging limit.
      phones.length = 0;
      for (const number of numbers) phones.push({ number, info: await api.getPhoneNumber(number.id) });
      const line = ({ number, info }: (typeof phones)[number]) => {
        const name = `${info.verifiedName ?? 'no display name'} (name ${info.nameStatus ?? 'status unknown'})`;
        const facts = `${info.displayPhoneNumber ?? info.id}, ${name}, quality ${info.qualityRating ?? 'unknown'}, limit ${info.messagingLimitTier ?? 'unknown'}`;
        return several ? `${number.label ?? number.id}: ${facts}` : facts;
      };
      const summary = phones.map(line).join('; ');
      const others = listed.filter((l) => !numbers.some((n) => n.id === l.id));
      const details = others.length
        ? [
            `The account also holds ${others.map(describe).join('; ')}: add ${others.length === 1 ? 'it' : 'them'} to WHATSAPP_PHONE_NUMBERS to answer there too.`,
          ]
        : undefined;
      const declined = phones.filter((p) => p.info.nameStatus === 'DECLINED' || p.info.nameStatus === 'EXPIRED');
      if (declined.length) {
        return {
          status: 'warning',
          summary,
          details,
          fix: `Meta declined the display name${several ? ` of ${declined.map((p) => describeBusinessNumber(p.number)).join(', ')}` : ''}: change it in WhatsApp Manager > Phone numbers; messages may fail with 131037 until it is approved.`,
        };
      }
      return { status: 'ok', summary, details };
    },

    async subscription() {
      const apps = await api.listSubscribedApps();
      const ours = token?.appId ? apps.find((a) => a.id === token!.appId) : apps[0];
      if (ours)
        return {
          status: 'ok',
          summary: `"${ours.name ?? ours.id}" is subscribed${ours.overrideCallbackUri ? ` (webhooks go to ${ours.overrideCallbackUri})` : ''}`,
        };
      await api.subscribeApp();
      return { status: 'fixed', summary: `"${token?.application ?? 'the app'}" was not subscribed; subscribed it now, so the account's webhooks reach it` };
    },

    async registration() {
      const waiting = phones.filter((p) => p.info.status !== 'CONNECTED');
      if (waiting.length === 0) return { status: 'ok', summary: several ? `all ${phones.length} numbers CONNECTED` : 'status CONNECTED' };
      const which = several ? `${waiting.map((p) => describeBusinessNumber(p.number)).join(', ')}` : 'The number';
      const was = waiting.map((p) => p.info.status ?? 'not registered').join(', ');
      let pin = config.pin;
      if (!pin && io.askPin) pin = await io.askPin();
      if (!pin) {
        throw new StepProblem(
          `${which} ${waiting.length === 1 ? 'is' : 'are'} not registered (status ${was}), and no PIN was given.`,
          "Set WHATSAPP_REGISTRATION_PIN to the number's 6-digit two-step verification PIN (or the PIN to set, if it has none) and run setup again, or run it in a terminal to be asked.",
        );
      }
      if (!PIN.test(pin)) throw new StepProblem('The PIN must be 6 digits.', 'Run setup again with a 6-digit PIN.');
      try {
        for (const p of waiting) await api.register(pin, p.number.id);
      } catch (error) {
        if (error instanceof GraphApiError && error.code === 133005) {
          throw new StepProblem(
            'Meta refused the PIN: it does not match the two-step verification PIN of this number (#133005).',
            'Use the current PIN, or reset it in WhatsApp Manager > Phone numbers > Two-step verification.',
          );
        }
        if (error instanceof GraphApiError && error.code === 133016) {
          throw new StepProblem(
            'The number was registered too many times recently (#133016: 10 per 72 hours).',
            'Wait for the block to end (up to 72 hours), then run setup again.',
          );
        }
        throw error;
      }
      return {
        status: 'fixed',
        summary: several
          ? `${which} ${waiting.length === 1 ? 'was' : 'were'} ${was}; registered now with the PIN`
          : `was ${was}; registered it now with the PIN`,
      };
    },

    async webhook() {
      const challenge = randomBytes(8).toString('hex');
      const url = new URL(webhookUrl);
      url.searchParams.set('hub.mode', 'subscribe');
      url.searchParams.set('hub.challenge', challenge);
      url.searchParams.set('hub.verify_token', config.verifyToken);
      let response: Response;
      try {
        response = await doFetch(url, { signal: AbortSignal.timeout(10_000) });
      } catch (error) {
        throw new StepProblem(
          `Nothing answered at ${webhookUrl} (${(error as Error).message}).`,
          'Start the connector (npm start) where PUBLIC_URL points, and check the address.',
        );
      }
      const body = (await response.text()).trim();
      if (response.status === 403) {
        throw new StepProblem(
          `The connector at ${webhookUrl} refused the verify token.`,
          "WHATSAPP_VERIFY_TOKEN here differs from the connector's: use the same value in both, and in Meta's webhook settings.",
        );
      }
      if (response.status !== 200 || body !== challenge) {
        throw new StepProblem(
          `${webhookUrl} answered HTTP ${response.status} without echoing the challenge: it is not a go2msg connector, or a proxy changes the answer.`,
          'Point PUBLIC_URL at the connector; proxies must pass GET /webhooks/whatsapp through unchanged.',
        );
      }
      if (!webhookUrl.startsWith('https://')) {
        return {
          status: 'warning',
          summary: 'the connector echoes the challenge with this verify token',
          fix: 'PUBLIC_URL is not https: Meta only delivers webhooks to https URLs with a valid certificate.',
        };
      }
      return { status: 'ok', summary: 'the connector echoes the challenge with this verify token' };
    },

    async reachable() {
      // Meta itself makes the GET handshake before it routes this account's webhooks to the URL.
      try {
        await api.subscribeApp({ callbackUri: webhookUrl, verifyToken: config.verifyToken });
      } catch (error) {
        if (error instanceof GraphApiError && error.code === 2200) {
          throw new StepProblem(
            `Meta could not verify ${webhookUrl} from outside: ${error.details ?? error.title}.`,
            'Make PUBLIC_URL reachable from the internet over https with a valid certificate (no self-signed), and let GET /webhooks/whatsapp through firewalls and proxies.',
          );
        }
        throw error;
      }
      return { status: 'ok', summary: `Meta verified ${webhookUrl} and sends this account's webhooks there` };
    },
  };

  io.write('go2msg setup — checking the live configuration, step by step');
  io.write('');
  const results: StepResult[] = [];
  const passed = new Set<StepId>();
  for (const [index, step] of STEPS.entries()) {
    const label = `[${index + 1}/${STEPS.length}] ${step.title}`;
    let result: StepResult;
    const blocked = step.needs.filter((n) => !passed.has(n));
    if (blocked.length) {
      result = { id: step.id, title: step.title, status: 'skipped', summary: `needs: ${blocked.map((b) => STEPS.find((s) => s.id === b)!.title).join(', ')}` };
    } else {
      try {
        result = { id: step.id, title: step.title, ...(await run[step.id]()) };
      } catch (error) {
        const problem = explain(error, step.title.toLowerCase());
        result = { id: step.id, title: step.title, status: 'failed', summary: problem.summary, fix: problem.fix };
      }
    }
    if (result.status !== 'failed' && result.status !== 'skipped') passed.add(step.id);
    const mark = { ok: '✓', fixed: '✓ fixed:', warning: '! warning:', failed: '✗', skipped: '- skipped,' }[result.status];
    io.write(`${label} ${mark} ${result.summary}`);
    for (const line of result.details ?? []) io.write(`      ${line}`);
    if (result.fix) for (const line of `What to do: ${result.fix}`.split('\n')) io.write(`      ${line}`);
    results.push(result);
  }
  const count = (s: StepStatus) => results.filter((r) => r.status === s).length;
  const ok = count('failed') === 0 && count('skipped') === 0;
  io.write('');
  io.write(
    `${ok ? 'Ready.' : 'Not ready yet.'} ${count('ok')} passed, ${count('fixed')} fixed, ${count('warning')} with warnings, ${count('failed')} failed, ${count('skipped')} skipped.`,
  );
  if (!results.some((r) => r.fix?.includes(MIGRATION_GUIDE))) io.write('To move a number from the WhatsApp app to the Cloud API: npm run setup -- --migration');
  return { ok, steps: results };
}
