/**
 * The voice-note remuxer against readers that share none of its code: a
 * recording Chromium's MediaRecorder made (fake microphone, 2.5 s) becomes an
 * Ogg/Opus file that music-metadata reads as Opus with the recording's length,
 * that libopus (ogg-opus-decoder) decodes sample for sample, and that
 * Chromium's own decoder plays; its pages follow RFC 7845's layout.
 */
import { describe, expect, test } from 'vitest';
import { parseBuffer } from 'music-metadata';
import { OggOpusDecoder } from 'ogg-opus-decoder';
import { checkMedia } from '@domain/media';
import recordingUrl from '../fixtures/voice/chromium-recording.webm?url';
import { oggCrc, opusPacketSamples, RemuxError, webmToOgg } from '../../widget/lazy/webm-to-ogg';

const recording = async () => new Uint8Array(await (await fetch(recordingUrl)).arrayBuffer());

/** The pages of an Ogg stream, read by RFC 3533's layout. */
function pages(ogg: Uint8Array) {
  const out: Array<{ flags: number; granule: bigint; serial: number; sequence: number; crc: number; bytes: Uint8Array; packets: Uint8Array[] }> = [];
  for (let at = 0; at < ogg.length;) {
    const view = new DataView(ogg.buffer, ogg.byteOffset + at);
    expect(String.fromCharCode(...ogg.subarray(at, at + 4))).toBe('OggS');
    const count = ogg[at + 26]!;
    const lacing = [...ogg.subarray(at + 27, at + 27 + count)];
    const size = lacing.reduce((s, n) => s + n, 0);
    const body = ogg.subarray(at + 27 + count, at + 27 + count + size);
    const packets: Uint8Array[] = [];
    let start = 0;
    let length = 0;
    for (const n of lacing) {
      length += n;
      if (n < 255) {
        packets.push(body.subarray(start, start + length));
        start += length;
        length = 0;
      }
    }
    const bytes = ogg.slice(at, at + 27 + count + size);
    out.push({
      flags: ogg[at + 5]!,
      granule: view.getBigUint64(6, true),
      serial: view.getUint32(14, true),
      sequence: view.getUint32(18, true),
      crc: view.getUint32(22, true),
      bytes,
      packets,
    });
    at += bytes.length;
  }
  return out;
}

describe('WebM/Opus to Ogg/Opus', () => {
  test('music-metadata reads the result as mono Opus at 48 kHz, as long as the recording', async () => {
    const ogg = webmToOgg(await recording(), { serial: 7 });
    const { format } = await parseBuffer(ogg, { mimeType: 'audio/ogg' });
    expect(format).toMatchObject({ container: 'Ogg', codec: 'Opus', numberOfChannels: 1, sampleRate: 48_000 });
    expect(format.duration).toBeGreaterThan(2.3);
    expect(format.duration).toBeLessThan(2.7);
  });

  test('libopus decodes every packet, and as many samples as the last granule position promises', async () => {
    const ogg = webmToOgg(await recording(), { serial: 7 });
    const decoder = new OggOpusDecoder();
    await decoder.ready;
    const decoded = await decoder.decodeFile(ogg);
    decoder.free();
    expect(decoded.errors).toEqual([]);
    const all = pages(ogg);
    const head = new DataView(all[0]!.packets[0]!.buffer, all[0]!.packets[0]!.byteOffset);
    const preSkip = head.getUint16(10, true);
    expect(decoded.samplesDecoded).toBe(Number(all.at(-1)!.granule) - preSkip);
    expect(decoded.channelData).toHaveLength(1);
  });

  test('Chromium decodes it to the same length (its Ogg reader drops a page whose checksum is wrong)', async () => {
    const ogg = webmToOgg(await recording(), { serial: 7 });
    const context = new OfflineAudioContext(1, 1, 48_000);
    const decoded = await context.decodeAudioData(ogg.slice().buffer);
    expect(decoded.duration).toBeGreaterThan(2.3);
    expect(decoded.duration).toBeLessThan(2.7);
    // The same file with one payload byte of a middle page changed, its checksum left alone: Chromium skips that page.
    const broken = ogg.slice();
    const all = pages(ogg);
    const middle = all.slice(0, 3).reduce((s, p) => s + p.bytes.length, 0);
    broken[middle + all[3]!.bytes.length - 1]! ^= 0xff;
    const shorter = await context.decodeAudioData(broken.buffer).then(
      (b) => b.duration,
      () => 0,
    );
    expect(shorter).toBeLessThan(decoded.duration - 0.5);
  });

  test('pages follow RFC 7845: OpusHead alone on the first (BOS), OpusTags on the second, audio after with rising granules, EOS last, checksums right', async () => {
    const all = pages(webmToOgg(await recording(), { serial: 0xdeadbeef }));
    expect(all.map((p) => p.sequence)).toEqual(all.map((_, i) => i));
    expect(new Set(all.map((p) => p.serial))).toEqual(new Set([0xdeadbeef]));
    expect(all[0]).toMatchObject({ flags: 0x02, granule: 0n });
    expect(all[0]!.packets).toHaveLength(1);
    expect(String.fromCharCode(...all[0]!.packets[0]!.subarray(0, 8))).toBe('OpusHead');
    expect(all[0]!.packets[0]![9]).toBe(1); // one channel
    expect(all[1]).toMatchObject({ flags: 0, granule: 0n });
    expect(String.fromCharCode(...all[1]!.packets[0]!.subarray(0, 8))).toBe('OpusTags');
    const audio = all.slice(2);
    expect(audio.length).toBeGreaterThan(1);
    expect(audio.map((p) => p.flags)).toEqual([...audio.slice(1).map(() => 0), 0x04]);
    let samples = 0n;
    for (const p of audio) {
      samples += BigInt(p.packets.reduce((s, packet) => s + opusPacketSamples(packet), 0));
      expect(p.granule).toBe(samples);
    }
    for (const p of all) {
      const zeroed = p.bytes.slice();
      zeroed.fill(0, 22, 26);
      expect(oggCrc(zeroed)).toBe(p.crc);
    }
  });

  test('the checksum is CRC-32/POSIX without its final inversion (the catalogue\'s check value for "123456789")', () => {
    // CRC-32/POSIX (cksum's, without the length) checks to 0x765e7680; Ogg's omits the final xor with 0xffffffff.
    expect(oggCrc(new TextEncoder().encode('123456789'))).toBe((0x765e7680 ^ 0xffffffff) >>> 0);
  });

  test("the connector's own media check takes the result as a voice note", async () => {
    const ogg = webmToOgg(await recording());
    expect(
      checkMedia({ kind: 'audio', head: ogg.subarray(0, 4096), size: ogg.length, filename: 'voice-note.ogg', declaredMime: 'audio/ogg', voice: true }),
    ).toMatchObject({ mime: 'audio/ogg' });
  });

  test("an Opus packet's TOC byte says how many samples it holds (RFC 6716 §3.1)", () => {
    expect(opusPacketSamples(Uint8Array.of(0xfc))).toBe(960); // CELT 20 ms, one frame
    expect(opusPacketSamples(Uint8Array.of(0x78))).toBe(960); // hybrid 20 ms (config 15)
    expect(opusPacketSamples(Uint8Array.of(0x18))).toBe(2880); // SILK 60 ms (config 3)
    expect(opusPacketSamples(Uint8Array.of(0xfd))).toBe(1920); // two 20 ms frames
    expect(opusPacketSamples(Uint8Array.of(0xe3, 0x03))).toBe(3 * 120); // code 3: three 2.5 ms frames
  });

  test('what is not a WebM recording with an Opus track is refused with a RemuxError', async () => {
    expect(() => webmToOgg(Uint8Array.of(0x4f, 0x67, 0x67, 0x53))).toThrow(RemuxError);
    const webm = await recording();
    const cut = webm.slice(0, 0x60); // header and the start of Tracks, no Opus codec id yet
    expect(() => webmToOgg(cut)).toThrow(RemuxError);
  });
});
