import { describe, expect, test } from 'vitest';
import { mmsKind } from '../../connector/domain/sms';

describe("how an MMS's file shows in the thread", () => {
  test.each([
    ['image/jpeg', 'image'],
    ['image/gif', 'image'],
    ['video/3gpp', 'video'],
    ['audio/amr', 'audio'],
    ['application/pdf', 'document'],
    ['text/vcard', 'document'],
    [null, 'document'],
  ] as const)('%s → %s', (contentType, kind) => {
    expect(mmsKind(contentType)).toBe(kind);
  });
});
