/**
 * Starts go2msg: reads the environment, builds the connector, listens.
 * The only file that reads process.env or calls listen().
 *
 * `npm start` runs it compiled with two Node flags (package.json): a young generation of
 * at most 2 × 4 MB (`--max-semi-space-size=4`; V8 grows it to 2 × 16 MB under any load)
 * and one V8 background thread (`--v8-pool-size=1`; each of the default four keeps its
 * own malloc arena and compiler memory). Together about 45 MB less with 1,000 panels open
 * under load, for a little more GC time; measured in README, "Memory".
 */
import type { AddressInfo } from 'node:net';
import { ConfigError, configWarnings, loadConfig, type Config } from './config/config';
import { verifyAuditCommand } from './services/audit/audit-verify';
import { openDatabase } from './store/db';

/** The configuration, or the process ends naming what is wrong. */
function configOrExit(code: number): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(code);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const config = configOrExit(1);
  // Loaded here, not at the top: `audit:verify` needs none of it.
  const { createConnector } = await import('./connector');
  const connector = await createConnector(config);
  for (const warning of configWarnings(config, process.env)) console.warn(`WARNING: ${warning}`);

  const server = connector.app.listen(config.port);
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const port = (server.address() as AddressInfo).port;
  const demo = connector.demoApp?.listen(config.demoPort);
  if (demo) await new Promise<void>((resolve, reject) => demo.once('listening', resolve).once('error', reject));
  await connector.start();

  const lines = [`go2msg connector (${config.mode} mode) on ${config.publicUrl} (port ${port})`];
  if (demo) {
    lines.push(`Open the demo CRM: ${config.publicUrl}/demo  →  http://localhost:${(demo.address() as AddressInfo).port}/`);
    lines.push('Sign in as a sandbox teammate, then make a customer write from the demo page.');
  }
  console.log(lines.join('\n'));

  const shutdown = async () => {
    server.close();
    demo?.close();
    server.closeAllConnections();
    demo?.closeAllConnections();
    await connector.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

/** `npm run audit:verify [-- --head <hash>] [-- --anchor <file>]`: checks the audit trail's hash chain; exits 1 when broken. */
async function auditVerify(args: string[]): Promise<void> {
  const config = configOrExit(2);
  const db = openDatabase(config.database);
  try {
    const outcome = await verifyAuditCommand(db, args, (rows) => process.stderr.write(`\rchecked ${rows.toLocaleString('en-US')} rows`), {
      anchorFile: process.env.AUDIT_ANCHOR_FILE || undefined,
    });
    process.stderr.write('\n');
    for (const line of outcome.lines) (outcome.ok ? console.log : console.error)(line);
    process.exitCode = outcome.ok ? 0 : 1;
  } finally {
    await db.destroy();
  }
}

const command = process.argv[2];
(command === 'audit:verify' ? auditVerify(process.argv.slice(3)) : main()).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
