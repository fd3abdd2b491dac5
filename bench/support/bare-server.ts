/**
 * The baseline: a bare Express app that reads the body and answers 200,
 * doing nothing else. Run as its own process, like the connector under test.
 */
import express from 'express';

const app = express();
app.post('/{*any}', express.raw({ type: () => true, limit: '3mb' }), (_req, res) => {
  res.sendStatus(200);
});
app.get('/{*any}', (_req, res) => {
  res.json({ ok: true });
});
const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`bare express on ${(server.address() as { port: number }).port}`);
});
