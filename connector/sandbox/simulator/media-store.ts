/**
 * Media held by the simulator, as Meta holds it: uploaded files get an id,
 * retrieval hands out a download URL valid five minutes that needs the bearer
 * token (Meta: business-phone-numbers/media).
 */
import { createHash, randomBytes } from 'node:crypto';

const DOWNLOAD_URL_TTL_MS = 5 * 60_000;

export interface SimulatedMedia {
  id: string;
  bytes: Buffer;
  mimeType: string;
  filename: string | null;
  /** Base64 SHA-256, as Meta reports it. */
  sha256: string;
  /** The business number it was uploaded on or received by; GET /{media-id}?phone_number_id= must name it. */
  phoneNumberId: string | null;
}

export class MediaStore {
  private readonly media = new Map<string, SimulatedMedia>();
  private readonly downloads = new Map<string, { mediaId: string; expiresAt: number }>();
  /** The next this-many downloads fail with a 500, to test that fetching is retried. */
  failNextDownloads = 0;

  put(bytes: Buffer, mimeType: string, filename: string | null, phoneNumberId: string | null = null): SimulatedMedia {
    const id = String(BigInt(`0x${randomBytes(7).toString('hex')}`) + 1_000_000_000_000_000n);
    const item = { id, bytes, mimeType, filename, sha256: createHash('sha256').update(bytes).digest('base64'), phoneNumberId };
    this.media.set(id, item);
    return item;
  }

  get(id: string): SimulatedMedia | undefined {
    return this.media.get(id);
  }

  delete(id: string): boolean {
    return this.media.delete(id);
  }

  /** A fresh download token for a media id; the URL built from it expires after five minutes. */
  downloadToken(id: string): string {
    const token = randomBytes(18).toString('base64url');
    this.downloads.set(token, { mediaId: id, expiresAt: Date.now() + DOWNLOAD_URL_TTL_MS });
    return token;
  }

  /** The file behind a download token, or null when the token is unknown or expired (Meta answers 404). */
  redeem(token: string): SimulatedMedia | null {
    const download = this.downloads.get(token);
    if (!download || download.expiresAt <= Date.now()) return null;
    return this.media.get(download.mediaId) ?? null;
  }

  /** Makes every download URL handed out so far expire, as five minutes passing would. */
  expireDownloads(): void {
    for (const d of this.downloads.values()) d.expiresAt = 0;
  }
}
