/**
 * Files an admin uploads to Meta through the Resumable Upload API: a profile
 * picture, or the sample media a template header needs for review.
 * The type is read from the file's first bytes, not from what the browser says.
 * Sources: Meta, business-profiles (picture: JPEG or PNG), templates/components
 * (header samples), media (image 5 MB, video 16 MB). Documents are capped at
 * 16 MB here: a review sample needs no more, and the request stays small.
 */
import { DomainError } from './errors';

const MB = 1024 * 1024;

export const UPLOAD_PURPOSES = {
  profile_picture: { types: ['image/jpeg', 'image/png'], maxBytes: 5 * MB },
  header_image: { types: ['image/jpeg', 'image/png'], maxBytes: 5 * MB },
  header_video: { types: ['video/mp4'], maxBytes: 16 * MB },
  header_document: { types: ['application/pdf'], maxBytes: 16 * MB },
} as const;

export type UploadPurpose = keyof typeof UPLOAD_PURPOSES;

export const UPLOAD_MAX_BYTES = Math.max(...Object.values(UPLOAD_PURPOSES).map((p) => p.maxBytes));

export function isUploadPurpose(value: unknown): value is UploadPurpose {
  return typeof value === 'string' && Object.hasOwn(UPLOAD_PURPOSES, value);
}

function startsWith(bytes: Uint8Array, signature: number[], offset = 0): boolean {
  return signature.every((b, i) => bytes[offset + i] === b);
}

/** The real type of a file, from its magic bytes; null when it is none of the kinds accepted here. */
export function sniffFileType(bytes: Uint8Array): string | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  if (startsWith(bytes, [0x66, 0x74, 0x79, 0x70], 4)) return 'video/mp4';
  return null;
}

/** The file's real type when it fits the purpose; UPLOAD_INVALID naming the limit otherwise. */
export function checkUpload(purpose: UploadPurpose, bytes: Uint8Array): string {
  const rule = UPLOAD_PURPOSES[purpose];
  if (bytes.length === 0) throw new DomainError('UPLOAD_INVALID', { purpose, reason: 'the file is empty' });
  if (bytes.length > rule.maxBytes) {
    throw new DomainError('UPLOAD_INVALID', {
      purpose,
      reason: `the file has ${bytes.length} bytes; at most ${rule.maxBytes} are allowed`,
      maxBytes: rule.maxBytes,
    });
  }
  const type = sniffFileType(bytes);
  if (!type || !(rule.types as readonly string[]).includes(type)) {
    throw new DomainError('UPLOAD_INVALID', {
      purpose,
      reason: `the file is ${type ?? 'of an unknown type'}; accepted: ${rule.types.join(', ')}`,
      accepted: rule.types,
    });
  }
  return type;
}
