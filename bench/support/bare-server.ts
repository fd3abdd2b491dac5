/**
 * The baseline: a bare Express app that reads the body and answers 200,
 * doing nothing else (and, for the live fan-out bench, writes a webhook's
 * message to the SSE streams open on its customer, in memory). Run as its own
 * process, like the connector under test.
 */
import express from 'express';

const app = express();

// The live fan-out baseline: SSE streams by customer, and a webhook's message broadcast to them as one frame.
const streams = new Map<string, Set<express.Response>>();
app.get('/fanout/events/:waId', (req, res) => {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  res.write('retry: 2000\n\n');
  const waId = req.params.waId;
  if (!streams.has(waId)) streams.set(waId, new Set());
  streams.get(waId)!.add(res);
  req.on('close', () => streams.get(waId)?.delete(res));
});
app.post('/fanout/webhook', express.json({ limit: '3mb' }), (req, res) => {
  const message = req.body.entry[0].changes[0].value.messages[0] as { from: string; id: string; text: { body: string } };
  const frame = Buffer.from(`event: message\ndata: ${JSON.stringify({ type: 'message', message: { wamid: message.id, text: message.text.body } })}\n\n`);
  for (const stream of streams.get(message.from) ?? []) stream.write(frame);
  res.sendStatus(200);
});
app.post('/{*any}', express.raw({ type: () => true, limit: '3mb' }), (_req, res) => {
  res.sendStatus(200);
});
app.get('/{*any}', (_req, res) => {
  res.json({ ok: true });
});
const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`bare express on ${(server.address() as { port: number }).port}`);
});
