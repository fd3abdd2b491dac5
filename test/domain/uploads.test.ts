import { describe, expect, test } from 'vitest';
import { isDomainError } from '@domain/errors';
import { checkUpload, sniffFileType, UPLOAD_PURPOSES, type UploadPurpose } from '@domain/uploads';

const bytes = (...head: number[]) => new Uint8Array([...head, ...Array.from({ length: 64 }, () => 0)]);
const JPEG = bytes(0xff, 0xd8, 0xff, 0xe0);
const PNG = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
const PDF = bytes(0x25, 0x50, 0x44, 0x46, 0x2d, 0x31);
const MP4 = bytes(0, 0, 0, 0x20, 0x66, 0x74, 0x79, 0x70);
const GIF = bytes(0x47, 0x49, 0x46, 0x38);

function outcome(purpose: UploadPurpose, file: Uint8Array): string {
  try {
    return checkUpload(purpose, file);
  } catch (error) {
    if (isDomainError(error, 'UPLOAD_INVALID')) return `UPLOAD_INVALID: ${String(error.details.reason)}`;
    throw error;
  }
}

describe('uploads', () => {
  test.each([
    [JPEG, 'image/jpeg'],
    [PNG, 'image/png'],
    [PDF, 'application/pdf'],
    [MP4, 'video/mp4'],
    [GIF, null],
  ])('reads the real type from the first bytes (#%#)', (file, type) => {
    expect(sniffFileType(file)).toBe(type);
  });

  test.each([
    { purpose: 'profile_picture', file: JPEG, expected: /^image\/jpeg$/ },
    { purpose: 'profile_picture', file: PNG, expected: /^image\/png$/ },
    { purpose: 'profile_picture', file: GIF, expected: /^UPLOAD_INVALID: the file is of an unknown type/ },
    { purpose: 'profile_picture', file: PDF, expected: /^UPLOAD_INVALID: the file is application\/pdf/ },
    { purpose: 'profile_picture', file: new Uint8Array(0), expected: /^UPLOAD_INVALID: the file is empty/ },
    { purpose: 'header_video', file: MP4, expected: /^video\/mp4$/ },
    { purpose: 'header_document', file: PDF, expected: /^application\/pdf$/ },
    { purpose: 'header_image', file: MP4, expected: /^UPLOAD_INVALID/ },
  ] as const)('$purpose with case #$# → $expected', ({ purpose, file, expected }) => {
    expect(outcome(purpose, file)).toMatch(expected);
  });

  test('a picture over 5 MB is refused, naming the limit', () => {
    const big = new Uint8Array(UPLOAD_PURPOSES.profile_picture.maxBytes + 1);
    big.set([0xff, 0xd8, 0xff]);
    expect(outcome('profile_picture', big)).toMatch(/at most 5242880 are allowed/);
  });
});
