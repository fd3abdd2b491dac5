/** Files made in the browser for attachment and media tests: real headers, so the magic-byte checks see real types. */

/** A real PNG drawn on a canvas (looks like a photo of a parcel label in screenshots). */
export async function pngImage(label = 'Order #4821', width = 320, height = 200): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const g = canvas.getContext('2d')!;
  const gradient = g.createLinearGradient(0, 0, width, height);
  gradient.addColorStop(0, '#c8a97e');
  gradient.addColorStop(1, '#8d6e4a');
  g.fillStyle = gradient;
  g.fillRect(0, 0, width, height);
  g.fillStyle = '#fffdf7';
  g.fillRect(width * 0.2, height * 0.3, width * 0.6, height * 0.4);
  g.fillStyle = '#333';
  g.font = 'bold 20px sans-serif';
  g.fillText(label, width * 0.25, height * 0.53);
  return new Promise((resolve) => canvas.toBlob((b) => resolve(b!), 'image/png'));
}

export async function pngFile(name = 'label.png', label?: string): Promise<File> {
  return new File([await pngImage(label)], name, { type: 'image/png' });
}

function bytes(...parts: Array<string | number[] | Uint8Array>): Uint8Array<ArrayBuffer> {
  const chunks: Uint8Array[] = parts.map((p) => (typeof p === 'string' ? new TextEncoder().encode(p) : p instanceof Uint8Array ? p : new Uint8Array(p)));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** An OGG container announcing Opus in its first page: what WhatsApp takes as a voice note. */
export function oggOpusFile(name = 'voice.ogg'): File {
  return new File(
    [
      bytes(
        'OggS',
        [0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 19],
        'OpusHead',
        [1, 1, 56, 1, 128, 187, 0, 0, 0, 0, 0],
        new Uint8Array(300),
      ),
    ],
    name,
    { type: 'audio/ogg' },
  );
}

/** OGG carrying Vorbis, not Opus: fine as audio, refused as a voice note. */
export function oggVorbisFile(name = 'song.ogg'): File {
  return new File([bytes('OggS', [0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 30], [1], 'vorbis', new Uint8Array(300))], name, {
    type: 'audio/ogg',
  });
}

export function pdfFile(name = 'invoice-4821.pdf', size = 48_000): File {
  const head = bytes('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n<<>>\nendobj\n');
  const body = new Uint8Array(size - head.length).fill(32);
  return new File([head, body], name, { type: 'application/pdf' });
}

/** A PNG header followed by `size` bytes: too large for an image (5 MB). */
export function hugePng(size = 6 * 1024 * 1024, name = 'scan.png'): File {
  const head = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return new File([head, new Uint8Array(size - head.length)], name, { type: 'image/png' });
}

/** A Windows program: not a type WhatsApp takes. */
export function exeFile(name = 'setup.exe'): File {
  return new File([bytes('MZ', [0x90, 0, 3, 0, 0, 0, 4, 0], new Uint8Array(200))], name, { type: 'application/x-msdownload' });
}
