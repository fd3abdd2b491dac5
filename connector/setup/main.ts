/**
 * `npm run setup` — the setup check's entry point: reads the environment,
 * asks for the registration PIN only when a person is at the terminal, prints
 * each step, exits 0 when ready and 1 otherwise.
 *
 *   npm run setup                  check the live configuration in the environment
 *   npm run setup -- --sandbox     check against a running sandbox (npm start), to see how it works
 *   npm run setup -- --migration   how to move a number from the WhatsApp app to the Cloud API
 */
import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { DEFAULT_GRAPH_API_URL, SANDBOX_DEFAULTS } from '../config/config';
import { businessNumbersFrom } from '../config/business-numbers';
import { MIGRATION_GUIDE } from './migration-guide';
import { runSetup, type SetupConfig } from './setup';

function configFrom(env: NodeJS.ProcessEnv, sandbox: boolean): SetupConfig {
  const value = (name: string) => (env[name] === '' ? undefined : env[name]);
  const publicUrl = value('PUBLIC_URL') ?? (sandbox ? `http://localhost:${value('PORT') ?? 8080}` : '');
  // Several numbers (WHATSAPP_PHONE_NUMBERS) are each checked; the sandbox's are Support and Sales.
  const listed =
    value('WHATSAPP_PHONE_NUMBERS') || sandbox
      ? businessNumbersFrom({ WHATSAPP_PHONE_NUMBERS: value('WHATSAPP_PHONE_NUMBERS'), WHATSAPP_PHONE_NUMBER_ID: value('WHATSAPP_PHONE_NUMBER_ID') })
      : null;
  if (listed?.problems.length) throw new Error(listed.problems.join('\n'));
  return {
    graphApiUrl: (value('GRAPH_API_URL') ?? (sandbox ? `${publicUrl}/graph/v24.0` : DEFAULT_GRAPH_API_URL)).replace(/\/+$/, ''),
    accessToken: value('WHATSAPP_ACCESS_TOKEN') ?? (sandbox ? SANDBOX_DEFAULTS.accessToken : ''),
    wabaId: value('WHATSAPP_WABA_ID') ?? (sandbox ? SANDBOX_DEFAULTS.wabaId : ''),
    phoneNumberId: listed?.numbers[0]?.id ?? value('WHATSAPP_PHONE_NUMBER_ID') ?? '',
    ...(listed ? { numbers: listed.numbers } : {}),
    verifyToken: value('WHATSAPP_VERIFY_TOKEN') ?? (sandbox ? SANDBOX_DEFAULTS.verifyToken : ''),
    publicUrl,
    pin: value('WHATSAPP_REGISTRATION_PIN') ?? null,
  };
}

/** Asks for the PIN without echoing it. */
async function askPin(): Promise<string | null> {
  let muted = false;
  const output = new Writable({
    write(chunk, encoding, callback) {
      if (!muted) process.stdout.write(chunk, encoding);
      callback();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  try {
    process.stdout.write('      The number is not registered. Its 6-digit two-step verification PIN (or the PIN to set; empty to skip): ');
    muted = true;
    const answer = (await rl.question('')).trim();
    process.stdout.write('\n');
    return answer || null;
  } finally {
    rl.close();
  }
}

async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  if (args.has('--help') || args.has('-h')) {
    console.log(
      'Usage: npm run setup [-- --sandbox | --migration]\nChecks WHATSAPP_ACCESS_TOKEN, WHATSAPP_WABA_ID, WHATSAPP_PHONE_NUMBER_ID (or each of WHATSAPP_PHONE_NUMBERS), WHATSAPP_VERIFY_TOKEN, PUBLIC_URL (and GRAPH_API_URL, WHATSAPP_REGISTRATION_PIN) step by step.',
    );
    return;
  }
  if (args.has('--migration')) {
    console.log(MIGRATION_GUIDE);
    return;
  }
  const sandbox = args.has('--sandbox');
  if (!sandbox && !process.env.WHATSAPP_ACCESS_TOKEN) {
    console.log('WHATSAPP_ACCESS_TOKEN is not set, so the connector runs in sandbox mode and there is no live configuration to check.');
    console.log('Set the live variables (see README, "Running live against Meta"), or try the check against a running sandbox: npm run setup -- --sandbox');
    process.exitCode = 1;
    return;
  }
  // Never wait on a pipe or a CI job: the PIN is only asked for at a terminal.
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  const result = await runSetup(configFrom(process.env, sandbox), { write: (line) => console.log(line), askPin: interactive ? askPin : null });
  process.exitCode = result.ok ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
