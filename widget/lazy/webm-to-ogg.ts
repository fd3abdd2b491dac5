/**
 * WebM/Opus (what Chromium's MediaRecorder writes) to Ogg/Opus (the only
 * format WhatsApp takes for a voice note), without decoding: the Opus packets
 * are copied from the WebM blocks into Ogg pages.
 *
 * Why here and not a library: the general toolkits that can do this
 * (mediabunny) weigh ~50 KB gzipped for this one path; the two containers
 * need ~150 lines between them. test/widget/webm-to-ogg.browser.test.ts checks the
 * output with independent readers (music-metadata, libopus through
 * ogg-opus-decoder) and Chromium decodes it in test/e2e/voice-notes.test.ts.
 *
 * Sources: Matroska/WebM element ids (RFC 9559), the Opus codec mapping for
 * Matroska (CodecPrivate is the OpusHead, CodecDelay the pre-skip), Ogg pages
 * (RFC 3533), Ogg encapsulation for Opus (RFC 7845: OpusHead alone on the
 * first page, OpusTags ending the second, granule positions in 48 kHz samples
 * counted from the stream's start, pre-skip included), and the TOC byte
 * (RFC 6716 §3.1) that says how many samples a packet holds.
 */

/** Why a recording could not be remuxed; the panel shows its own words for it. */
export class RemuxError extends Error {
  override name = 'RemuxError';
}

const ID = {
  EBML: 0x1a45dfa3,
  Segment: 0x18538067,
  Tracks: 0x1654ae6b,
  TrackEntry: 0xae,
  TrackNumber: 0xd7,
  CodecID: 0x86,
  CodecPrivate: 0x63a2,
  CodecDelay: 0x56aa,
  Audio: 0xe1,
  Channels: 0x9f,
  Cluster: 0x1f43b675,
  BlockGroup: 0xa0,
  Block: 0xa1,
  SimpleBlock: 0xa3,
} as const;

/** Elements whose children are read; everything else is skipped by its size. */
const MASTERS = new Set<number>([ID.Segment, ID.Tracks, ID.TrackEntry, ID.Audio, ID.Cluster, ID.BlockGroup]);
/** The Segment's children (SeekHead, Info, Tracks, Cluster, Cues, Attachments, Chapters, Tags): one of them ends a Cluster of unknown size. */
const TOP_LEVEL = new Set<number>([0x114d9b74, 0x1549a966, ID.Tracks, ID.Cluster, 0x1c53bb6b, 0x1941a469, 0x1043a770, 0x1254c367]);

interface Track {
  number: number;
  codec: string;
  opusHead: Uint8Array | null;
  codecDelayNs: number;
  channels: number;
}

/** An EBML variable-length integer at `at`: its value (marker bit removed unless `keepMarker`), its length, and whether it is "unknown size" (all ones). */
function vint(bytes: Uint8Array, at: number, keepMarker = false): { value: number; length: number; unknown: boolean } {
  const first = bytes[at];
  if (first === undefined || first === 0) throw new RemuxError('bad EBML number');
  const length = Math.clz32(first) - 23;
  if (at + length > bytes.length) throw new RemuxError('recording cut short');
  let value = keepMarker ? first : first & (0xff >> length);
  let ones = value === 0xff >> length;
  for (let i = 1; i < length; i++) {
    const b = bytes[at + i]!;
    value = value * 256 + b;
    ones &&= b === 0xff;
  }
  return { value, length, unknown: !keepMarker && ones };
}

function uint(bytes: Uint8Array): number {
  let value = 0;
  for (const b of bytes) value = value * 256 + b;
  return value;
}

/** Reads the tracks and the blocks of the first Opus track, in file order. */
function readWebm(bytes: Uint8Array): { track: Track; packets: Uint8Array[] } {
  const tracks: Track[] = [];
  const blocks: Array<{ track: number; data: Uint8Array }> = [];
  let current: Track | null = null;
  // Returns where it stopped: the end, or (inside a Cluster of unknown size) the next top-level element.
  const walk = (start: number, end: number, inUnsizedCluster = false): number => {
    let at = start;
    while (at < end) {
      const id = vint(bytes, at, true);
      if (inUnsizedCluster && TOP_LEVEL.has(id.value)) return at;
      const size = vint(bytes, at + id.length);
      const body = at + id.length + size.length;
      // A live recording's Segment and Clusters have "unknown" sizes: such a Cluster ends where the next top-level element starts.
      if (size.unknown) {
        at = MASTERS.has(id.value) ? walk(body, end, id.value === ID.Cluster) : end;
        continue;
      }
      const stop = Math.min(body + size.value, end);
      if (id.value === ID.TrackEntry) tracks.push((current = { number: 0, codec: '', opusHead: null, codecDelayNs: 0, channels: 1 }));
      if (MASTERS.has(id.value)) walk(body, stop);
      else {
        const data = bytes.subarray(body, stop);
        if (id.value === ID.SimpleBlock || id.value === ID.Block) blocks.push(block(data));
        else if (current && id.value === ID.TrackNumber) current.number = uint(data);
        else if (current && id.value === ID.CodecID) current.codec = String.fromCharCode(...data);
        else if (current && id.value === ID.CodecPrivate) current.opusHead = data;
        else if (current && id.value === ID.CodecDelay) current.codecDelayNs = uint(data);
        else if (current && id.value === ID.Channels) current.channels = uint(data);
      }
      at = stop;
    }
    return end;
  };
  const header = vint(bytes, 0, true);
  if (header.value !== ID.EBML) throw new RemuxError('not a WebM file');
  walk(0, bytes.length);
  const track = tracks.find((t) => t.codec === 'A_OPUS');
  if (!track) throw new RemuxError('no Opus track');
  return { track, packets: blocks.filter((b) => b.track === track.number).map((b) => b.data) };
}

/** A (Simple)Block: track number, 16-bit timecode, flags, then one frame (MediaRecorder never laces audio). */
function block(data: Uint8Array): { track: number; data: Uint8Array } {
  const track = vint(data, 0);
  const flags = data[track.length + 2] ?? 0;
  if (flags & 0x06) throw new RemuxError('laced blocks are not supported');
  return { track: track.value, data: data.subarray(track.length + 3) };
}

/** Samples at 48 kHz in one Opus packet, from its TOC byte (RFC 6716 §3.1). */
export function opusPacketSamples(packet: Uint8Array): number {
  const toc = packet[0];
  if (toc === undefined) return 0;
  const config = toc >> 3;
  // SILK-only 10/20/40/60 ms, hybrid 10/20 ms, CELT-only 2.5/5/10/20 ms; in units of 2.5 ms (120 samples).
  const units = config < 12 ? [4, 8, 16, 24][config & 3]! : config < 16 ? [4, 8][config & 1]! : [1, 2, 4, 8][config & 3]!;
  const code = toc & 3;
  const frames = code === 0 ? 1 : code < 3 ? 2 : (packet[1] ?? 0) & 0x3f;
  return units * 120 * frames;
}

/** The OpusHead of RFC 7845 §5.1, for a track whose CodecPrivate is missing. */
function opusHead(channels: number, preSkip: number): Uint8Array {
  const head = new Uint8Array(19);
  head.set([...'OpusHead'].map((c) => c.charCodeAt(0)));
  const view = new DataView(head.buffer);
  head[8] = 1;
  head[9] = channels;
  view.setUint16(10, preSkip, true);
  view.setUint32(12, 48_000, true);
  return head;
}

/** OpusTags (RFC 7845 §5.2): the vendor string and no comments. */
function opusTags(vendor: string): Uint8Array {
  const name = new TextEncoder().encode(vendor);
  const tags = new Uint8Array(8 + 4 + name.length + 4);
  tags.set([...'OpusTags'].map((c) => c.charCodeAt(0)));
  new DataView(tags.buffer).setUint32(8, name.length, true);
  tags.set(name, 12);
  return tags;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let crc = n << 24;
    for (let k = 0; k < 8; k++) crc = crc & 0x80000000 ? (crc << 1) ^ 0x04c11db7 : crc << 1;
    table[n] = crc >>> 0;
  }
  return table;
})();

/** Ogg's page checksum: CRC-32 with polynomial 0x04c11db7, not reflected, starting at 0, no final xor (RFC 3533 §6). */
export function oggCrc(bytes: Uint8Array): number {
  let crc = 0;
  for (const b of bytes) crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ b) & 0xff]!) >>> 0;
  return crc;
}

const BOS = 0x02;
const EOS = 0x04;

/** One Ogg page holding whole packets (each under 255 × 255 bytes, as Opus packets always are). */
function page(packets: Uint8Array[], flags: number, granule: number, serial: number, sequence: number): Uint8Array {
  const lacing: number[] = [];
  for (const p of packets) {
    for (let left = p.length; ; left -= 255) {
      lacing.push(Math.min(left, 255));
      if (left < 255) break;
    }
  }
  const size = packets.reduce((sum, p) => sum + p.length, 0);
  const out = new Uint8Array(27 + lacing.length + size);
  const view = new DataView(out.buffer);
  out.set([0x4f, 0x67, 0x67, 0x53]); // "OggS", version 0
  out[5] = flags;
  view.setUint32(6, granule % 2 ** 32, true);
  view.setUint32(10, Math.floor(granule / 2 ** 32), true);
  view.setUint32(14, serial, true);
  view.setUint32(18, sequence, true);
  out[26] = lacing.length;
  out.set(lacing, 27);
  let at = 27 + lacing.length;
  for (const p of packets) {
    out.set(p, at);
    at += p.length;
  }
  view.setUint32(22, oggCrc(out), true);
  return out;
}

/** Segments a packet takes in a page's lacing table. */
const segments = (packet: Uint8Array) => Math.floor(packet.length / 255) + 1;

export interface OggOptions {
  /** The stream's serial number (random unless given: tests pass one). */
  serial?: number;
  vendor?: string;
}

/**
 * The Ogg/Opus file for a WebM/Opus recording. Pages carry about a second of
 * audio each (and at most 255 lacing values), as opusenc's do: a player seeks
 * by pages, and a damaged page loses no more than that.
 * Throws RemuxError when the bytes are not a WebM file with an Opus track.
 */
export function webmToOgg(webm: Uint8Array, options: OggOptions = {}): Uint8Array {
  const { track, packets } = readWebm(webm);
  if (packets.length === 0) throw new RemuxError('no audio recorded');
  const head =
    track.opusHead && track.opusHead.length >= 19 ? track.opusHead : opusHead(track.channels, Math.round((track.codecDelayNs * 48_000) / 1e9) || 312);
  const serial = options.serial ?? crypto.getRandomValues(new Uint32Array(1))[0]!;
  const pages: Uint8Array[] = [page([head], BOS, 0, serial, 0), page([opusTags(options.vendor ?? 'go2msg')], 0, 0, serial, 1)];
  let granule = 0;
  let pending: Uint8Array[] = [];
  let lacing = 0;
  let pageStart = 0;
  const flush = (flags: number) => {
    pages.push(page(pending, flags, granule, serial, pages.length));
    pending = [];
    lacing = 0;
    pageStart = granule;
  };
  for (const packet of packets) {
    if (granule - pageStart >= 48_000 || lacing + segments(packet) > 255) flush(0);
    pending.push(packet);
    lacing += segments(packet);
    granule += opusPacketSamples(packet);
  }
  flush(EOS);
  const out = new Uint8Array(pages.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const p of pages) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
