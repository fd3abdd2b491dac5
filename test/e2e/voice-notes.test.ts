/**
 * A voice note recorded in the panel, end to end: Chromium with a fake
 * microphone (`--use-fake-device-for-media-stream`, playing a tone the test
 * writes) records in the demo page's panel, the agent hears it back, sends
 * it, and what reached the Cloud API simulator and the connector's media
 * folder is one Ogg/Opus file with valid pages, sent as `audio` with
 * `voice: true`. A page that was refused the microphone says how to allow it.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBuffer } from 'music-metadata';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DEFAULT_DIST_DIR } from '../../connector/connector';
import { oggCrc } from '../../widget/lazy/webm-to-ogg';
import { launchChromium } from '../support/browser';
import { startConnector, type RunningConnector } from '../support/connector';

let running: RunningConnector;
let chromium: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
let folder: string;

/** Two seconds of a voice-like sound (three tones, swelling four times a second), 48 kHz mono PCM: Chromium loops it as the microphone. */
function toneWav(): Buffer {
  const rate = 48_000;
  const samples = rate * 2;
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0);
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVEfmt ', 8);
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20);
  wav.writeUInt16LE(1, 22);
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36);
  wav.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) {
    const t = i / rate;
    const swell = 0.5 + 0.5 * Math.sin(2 * Math.PI * 4 * t);
    const v = swell * (0.4 * Math.sin(2 * Math.PI * 220 * t) + 0.25 * Math.sin(2 * Math.PI * 440 * t) + 0.15 * Math.sin(2 * Math.PI * 660 * t));
    wav.writeInt16LE(Math.round(v * 32_000 * 0.9), 44 + i * 2);
  }
  return wav;
}

/** The pages of an Ogg stream (RFC 3533): flags, granule, sequence, and whether the checksum holds. */
function oggPages(ogg: Uint8Array) {
  const pages: Array<{ flags: number; granule: bigint; sequence: number; crcOk: boolean }> = [];
  for (let at = 0; at < ogg.length;) {
    if (String.fromCharCode(...ogg.subarray(at, at + 4)) !== 'OggS') throw new Error(`no page at byte ${at}`);
    const view = new DataView(ogg.buffer, ogg.byteOffset + at);
    const count = ogg[at + 26]!;
    const size = [...ogg.subarray(at + 27, at + 27 + count)].reduce((s, n) => s + n, 0);
    const bytes = ogg.slice(at, at + 27 + count + size);
    const crc = view.getUint32(22, true);
    bytes.fill(0, 22, 26);
    pages.push({ flags: ogg[at + 5]!, granule: view.getBigUint64(6, true), sequence: view.getUint32(18, true), crcOk: oggCrc(bytes) === crc });
    at += bytes.length;
  }
  return pages;
}

beforeAll(async () => {
  if (!existsSync(`${DEFAULT_DIST_DIR}/go2msg.js`)) throw new Error('dist/go2msg.js is missing: run `npm run build` first (npm test does).');
  folder = mkdtempSync(join(tmpdir(), 'go2msg-voice-'));
  writeFileSync(join(folder, 'tone.wav'), toneWav());
  running = await startConnector();
  // A fake microphone but no fake permission prompt: the page must be allowed the microphone (grantPermissions), as a teammate would.
  chromium = await launchChromium({ args: ['--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${join(folder, 'tone.wav')}`] });
  page = chromium.context.pages()[0] ?? (await chromium.context.newPage());
  const demo = new URL(running.demoUrl);
  demo.hostname = '127.0.0.1';
  await page.goto(demo.toString());
  const panel = page.locator('go2msg-thread');
  const [popup] = await Promise.all([page.waitForEvent('popup'), panel.getByRole('button', { name: 'Sign in' }).click()]);
  await popup.getByRole('button', { name: /Ana Souza/ }).click();
  await popup.waitForEvent('close', { timeout: 15_000 });
  await page.getByRole('button', { name: 'Customer sends', exact: true }).click();
  await panel.getByRole('textbox', { name: 'Reply to the customer' }).waitFor({ timeout: 10_000 });
});

afterAll(async () => {
  await chromium?.close();
  await running?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

test('refused the microphone, the panel says how to allow it and records nothing', async () => {
  const panel = page.locator('go2msg-thread');
  await panel.getByRole('button', { name: 'Record a voice note' }).click();
  await expect.poll(() => panel.locator('.voice-problem').textContent()).toContain('not allowed to use the microphone');
  expect(await panel.locator('.recorder').count()).toBe(0);
  await panel.locator('.voice-problem').getByRole('button', { name: 'Dismiss' }).click();
  await expect.poll(() => panel.locator('.voice-problem').count()).toBe(0);
});

test('an agent records a voice note, hears it back and sends it: WhatsApp gets Ogg/Opus as a voice message', async () => {
  await chromium.context.grantPermissions(['microphone']);
  const panel = page.locator('go2msg-thread');
  const mic = panel.getByRole('button', { name: 'Record a voice note' });

  // Discarded first (Escape): nothing is kept or uploaded.
  await mic.click();
  await expect.poll(() => panel.getByRole('timer').textContent(), { timeout: 10_000 }).toBe('0:01');
  await panel.getByRole('button', { name: 'Stop and preview' }).press('Escape');
  await expect.poll(() => panel.locator('.recorder').count()).toBe(0);
  expect(await panel.locator('.attachment').count()).toBe(0);

  await mic.click();
  const stop = panel.getByRole('button', { name: 'Stop and preview' });
  await expect.poll(() => stop.evaluate((b) => b === (b.getRootNode() as ShadowRoot).activeElement), { timeout: 10_000 }).toBe(true);
  await expect.poll(() => panel.getByRole('meter', { name: 'Microphone level' }).evaluate((m) => (m as HTMLMeterElement).value)).toBeGreaterThan(0.05);
  await expect.poll(() => panel.getByRole('timer').textContent(), { timeout: 10_000 }).toBe('0:03');
  await panel.screenshot({ path: 'docs/images/panel-voice-recording.png' });
  await stop.click();

  // The preview: the file the panel made plays in Chromium, as long as what was recorded.
  await expect.poll(() => panel.locator('.attachment .att-state').textContent(), { timeout: 10_000 }).toBe('Ready to send');
  expect(await panel.locator('.attachment .att-name').textContent()).toBe('voice-note.ogg');
  expect(await panel.locator('.attachment input[type=checkbox]').isChecked()).toBe(true);
  const audio = panel.locator('audio.att-audio');
  const heard = await audio.evaluate(async (element) => {
    const bytes = await (await fetch((element as HTMLAudioElement).src)).arrayBuffer();
    const decoded = await new OfflineAudioContext(1, 1, 48_000).decodeAudioData(bytes);
    const samples = decoded.getChannelData(0);
    let sum = 0;
    for (const s of samples) sum += s * s;
    return { duration: decoded.duration, rms: Math.sqrt(sum / samples.length) };
  });
  expect(heard.duration).toBeGreaterThan(2.5);
  expect(heard.duration).toBeLessThan(6);
  expect(heard.rms).toBeGreaterThan(0.01);
  await panel.screenshot({ path: 'docs/images/panel-voice-preview.png' });

  const before = running.connector.simulator!.sent.length;
  await panel.getByRole('button', { name: 'Send', exact: true }).click();
  await expect.poll(() => running.connector.simulator!.sent.length, { timeout: 10_000 }).toBe(before + 1);
  const sent = running.connector.simulator!.sent.at(-1)!;
  expect(sent.type).toBe('audio');
  const ref = sent.body.audio as { id: string; voice?: boolean };
  expect(ref.voice).toBe(true);

  // What Meta received is what the connector keeps: one Ogg/Opus file, mono, with valid pages.
  const uploaded = running.connector.simulator!.media.get(ref.id)!;
  const row = await running.connector.db('media').where({ direction: 'out', kind: 'audio' }).orderBy('created_at', 'desc').first();
  expect(row).toMatchObject({ mime_type: 'audio/ogg', filename: 'voice-note.ogg' });
  const stored = new Uint8Array(await running.connector.files.readAll(row.sha256));
  expect(Buffer.from(stored).equals(Buffer.from(uploaded.bytes))).toBe(true);
  const { format } = await parseBuffer(stored, { mimeType: 'audio/ogg' });
  expect(format).toMatchObject({ container: 'Ogg', codec: 'Opus', numberOfChannels: 1 });
  expect(format.duration).toBeCloseTo(heard.duration, 1);
  const pages = oggPages(stored);
  expect(pages.every((p) => p.crcOk)).toBe(true);
  expect(pages.map((p) => p.sequence)).toEqual(pages.map((_, i) => i));
  expect(pages[0]!.flags).toBe(0x02);
  expect(pages.at(-1)!.flags).toBe(0x04);

  await expect.poll(() => panel.locator('.msg.out').last().textContent(), { timeout: 10_000 }).toContain('Voice message');
});

test('a recording still running when the agent opens another customer is dropped, never offered to that customer', async () => {
  const panel = page.locator('go2msg-thread');
  const uploads = async () => Number((await running.connector.db('media').where({ direction: 'out' }).count({ n: '*' }).first())!.n);
  const before = await uploads();
  await panel.getByRole('button', { name: 'Record a voice note' }).click();
  await expect.poll(() => panel.getByRole('timer').textContent(), { timeout: 10_000 }).toBe('0:01');
  await page.locator('#customer-list button', { hasText: 'Lucas Oliveira' }).click();
  await expect.poll(() => panel.locator('.recorder').count()).toBe(0);
  await page.locator('#customer-list button', { hasText: 'Sheena Nelson' }).click();
  await panel.getByRole('button', { name: 'Record a voice note' }).waitFor();
  expect(await panel.locator('.recorder, .voice-status, .attachment').count()).toBe(0);
  expect(await uploads()).toBe(before);
});
