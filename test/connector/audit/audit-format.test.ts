/** The export formats and export links, rule by rule. */
import { describe, expect, test } from 'vitest';
import type { AuditRowView } from '../../../connector/domain/audit';
import { EXPORT_LINK_TTL_MS, readExportLink, signExportLink } from '../../../connector/services/audit/audit-export-link';
import { CSV_HEADER, csvCell, csvRow, jsonLine } from '../../../connector/services/audit/audit-format';
import { SHEENA } from '../../support/fixtures';

describe('CSV cells', () => {
  test.each([
    { value: null, cell: '' },
    { value: 42, cell: '42' },
    { value: 'plain', cell: 'plain' },
    { value: 'a, b', cell: '"a, b"' },
    { value: 'say "hi"', cell: '"say ""hi"""' },
    { value: 'two\nlines', cell: '"two\nlines"' },
    { value: '=HYPERLINK("http://evil")', cell: '"\'=HYPERLINK(""http://evil"")"' },
    { value: '@SUM(A1)', cell: "'@SUM(A1)" },
    { value: '-2+3', cell: "'-2+3" },
    { value: '+1 (650) 555', cell: "'+1 (650) 555" },
    { value: SHEENA, cell: SHEENA },
  ])('$value → $cell', ({ value, cell }) => {
    expect(csvCell(value)).toBe(cell);
  });
});

describe('export lines', () => {
  const row: AuditRowView = {
    id: 7,
    at: Date.UTC(2026, 10, 25, 12, 0, 0),
    action: 'message.send',
    teammate: { id: 1, name: 'Ana Souza', email: 'ana@acme.example' },
    host: 'acme.zendesk.com',
    hostUserId: '123',
    channel: 'sms',
    contact: { id: 2, phone: SHEENA, userId: null, name: 'Sheena, "the" customer' },
    messageId: 9,
    windowState: 'closed',
    template: null,
    content: { sha256: 'ab'.repeat(32), bytes: 51 },
    contentDeleted: { at: Date.UTC(2026, 11, 25), afterDays: 30 },
    providerMessageId: 'SM1',
    status: null,
    details: { type: 'text', window: 'closed' },
    prevHash: '0'.repeat(64),
    hash: 'cd'.repeat(32),
  };

  test('a CSV row has one cell per header column, in order, ending with CRLF', () => {
    const header = CSV_HEADER.trimEnd().split(',');
    const line = csvRow(row);
    expect(line.endsWith('\r\n')).toBe(true);
    expect(line).toBe(
      `7,2026-11-25T12:00:00.000Z,message.send,1,Ana Souza,ana@acme.example,acme.zendesk.com,123,sms,2,+16505551234,,"Sheena, ""the"" customer",9,closed,,,${'ab'.repeat(32)},51,2026-12-25T00:00:00.000Z,SM1,,"{""type"":""text"",""window"":""closed""}",${'0'.repeat(64)},${'cd'.repeat(32)}\r\n`,
    );
    expect(header).toHaveLength(25);
  });

  test('a JSON line is the row as the API returns it', () => {
    const line = jsonLine(row);
    expect(line.endsWith('\n')).toBe(true);
    expect(JSON.parse(line)).toEqual(row);
  });
});

describe('export links', () => {
  const secret = 'a-session-secret-of-at-least-32-characters';
  const claims = { teammateId: 3, format: 'csv' as const, filters: { channel: 'sms' as const }, expiresAt: 1_000_000 + EXPORT_LINK_TTL_MS };

  test('a link signed by the connector reads back until it expires', () => {
    const token = signExportLink(secret, claims);
    expect(readExportLink(secret, token, 1_000_000)).toEqual(claims);
    expect(readExportLink(secret, token, claims.expiresAt)).toBeNull();
  });

  test.each([
    { description: 'another secret', token: () => signExportLink('another-secret-of-at-least-32-characters!', claims) },
    {
      description: 'changed claims',
      token: () => `${Buffer.from(JSON.stringify({ ...claims, teammateId: 1 })).toString('base64url')}.${signExportLink(secret, claims).split('.')[1]}`,
    },
    { description: 'no signature', token: () => signExportLink(secret, claims).split('.')[0]! },
    { description: 'garbage', token: () => 'not.a.token' },
  ])('refuses a link with $description', ({ token }) => {
    expect(readExportLink(secret, token(), 1_000_000)).toBeNull();
  });
});
