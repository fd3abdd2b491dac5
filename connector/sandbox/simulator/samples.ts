/**
 * Small valid files a simulated customer can send when the demo does not
 * attach one: an image, a document, a sticker, a voice note and a video,
 * each with the real magic bytes of its type.
 */
import { deflateSync } from 'node:zlib';

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A 96×96 PNG with a teal-to-green gradient. */
export function samplePng(size = 96): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x++) row.set([18 + (x * 60) / size, 140 + (y * 80) / size, 126 - (x * 40) / size].map(Math.round), 1 + x * 3);
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.concat(rows))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A one-page PDF saying `text`. */
export function samplePdf(text = 'Lucky Shrub invoice #4821'): Buffer {
  const stream = `BT /F1 18 Tf 72 720 Td (${text.replace(/[()\\]/g, '')}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

/** A lossless 1×1 WebP (a static sticker). */
export function sampleWebp(): Buffer {
  return Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64');
}

/** An Ogg stream whose first page carries an OpusHead (what a voice note starts with). */
export function sampleOggOpus(): Buffer {
  const opusHead = Buffer.concat([Buffer.from('OpusHead', 'ascii'), Buffer.from([1, 1, 0x38, 0x01, 0x80, 0xbb, 0, 0, 0, 0, 0])]);
  const page = Buffer.alloc(27);
  page.write('OggS', 0, 'ascii');
  page[5] = 0x02; // beginning of stream
  page.writeUInt32LE(1, 14); // serial number
  page[26] = 1; // one segment
  return Buffer.concat([page, Buffer.from([opusHead.length]), opusHead]);
}

/** An MP4 header (ftyp box), enough for the type to be recognised. */
export function sampleMp4(): Buffer {
  const ftyp = Buffer.alloc(24);
  ftyp.writeUInt32BE(24, 0);
  ftyp.write('ftypisom', 4, 'ascii');
  ftyp.writeUInt32BE(0x200, 12);
  ftyp.write('isomiso2', 16, 'ascii');
  return ftyp;
}

export const SAMPLES: Record<string, () => { bytes: Buffer; mimeType: string; filename: string }> = {
  image: () => ({ bytes: samplePng(), mimeType: 'image/png', filename: 'photo.png' }),
  document: () => ({ bytes: samplePdf(), mimeType: 'application/pdf', filename: 'invoice-4821.pdf' }),
  sticker: () => ({ bytes: sampleWebp(), mimeType: 'image/webp', filename: 'sticker.webp' }),
  audio: () => ({ bytes: sampleOggOpus(), mimeType: 'audio/ogg; codecs=opus', filename: 'voice.ogg' }),
  video: () => ({ bytes: sampleMp4(), mimeType: 'video/mp4', filename: 'clip.mp4' }),
};
