/**
 * The connector as connector/main.ts starts it, plus what a benchmark needs to
 * see from outside: every database query it makes (on the writer and on the
 * read-only connection), its RSS and its CPU time, at GET /__bench/stats.
 */
import { createServer } from 'node:http';
import { loadConfig } from '../../connector/config/config';
import { createConnector } from '../../connector/connector';

const config = loadConfig(process.env);
const connector = await createConnector(config);
let queries = 0;
for (const db of new Set([connector.db, connector.reader])) db.on('query', () => queries++);

const server = createServer((req, res) => {
  if (req.url === '/__bench/stats') {
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        queries,
        rss: process.memoryUsage.rss(),
        cpuMicros: process.cpuUsage().user + process.cpuUsage().system,
        tailer: { released: connector.live.tailer.released, read: connector.live.tailer.read },
        streams: connector.live.streams.size,
      }),
    );
    return;
  }
  connector.app(req, res);
});
// SIGTERM stops it the way main.ts does, so a CPU profile (BENCH_PROFILE_DIR) is written on exit.
process.once('SIGTERM', () => {
  server.close();
  void connector.stop().finally(() => process.exit(0));
});
server.listen(config.port, '127.0.0.1', () => {
  void connector.start().then(() => console.log(`go2msg connector (bench, counting queries) on ${config.publicUrl}`));
});
