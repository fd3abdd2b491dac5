import { describe, expect, test } from 'vitest';
import { accountAlerts, limitLowered, messagingLimit, normaliseQuality, qualityDropped, throughput, tierFromDailyLimit } from '@domain/account-health';
import type { NumberHealthView, TemplateView } from '@domain/account-views';
import { reference } from '../support/reference';

const H = 3600_000;
const NOW = 1_790_000_000_000;

const health = (partial: Partial<NumberHealthView> = {}): NumberHealthView => ({
  phoneNumberId: '106540352242922',
  displayPhoneNumber: '15550783881',
  verifiedName: 'Lucky Shrub',
  officialBusinessAccount: false,
  nameStatus: 'APPROVED',
  qualityRating: 'GREEN',
  messagingLimit: messagingLimit('TIER_2K'),
  throughput: throughput('STANDARD'),
  status: 'CONNECTED',
  limitChange: null,
  checkedAt: NOW,
  ...partial,
});

type T = Pick<TemplateView, 'name' | 'language' | 'status' | 'statusDetail' | 'statusAt'>;
const template = (partial: Partial<T>): T => ({
  name: 'order_update',
  language: 'en_US',
  status: 'APPROVED',
  statusDetail: null,
  statusAt: NOW - H,
  ...partial,
});

describe('number health', () => {
  test.each([
    ['GREEN', 'YELLOW', true],
    ['YELLOW', 'RED', true],
    ['GREEN', 'RED', true],
    ['RED', 'YELLOW', false],
    ['GREEN', 'GREEN', false],
    ['UNKNOWN', 'RED', false],
    ['GREEN', 'UNKNOWN', false],
  ] as const)('quality %s → %s dropped: %s', (previous, next, dropped) => {
    expect(qualityDropped(previous, next)).toBe(dropped);
  });

  test.each([
    ['NA', 'UNKNOWN'],
    ['UNKNOWN', 'UNKNOWN'],
    ['yellow', 'YELLOW'],
    [undefined, 'UNKNOWN'],
  ])('reads the rating %s as %s', (raw, rating) => {
    expect(normaliseQuality(raw)).toBe(rating);
  });

  test.each([
    ['TIER_10K', 'TIER_2K', true],
    ['TIER_UNLIMITED', 'TIER_100K', true],
    ['TIER_2K', 'TIER_10K', false],
    ['TIER_2K', 'TIER_2K', false],
    [null, 'TIER_250', false],
    ['TIER_2K', 'SOMETHING_NEW', false],
  ])('the limit %s → %s was lowered: %s', (previous, next, lowered) => {
    expect(limitLowered(previous, next)).toBe(lowered);
  });

  test.each([
    [2000, 'TIER_2K'],
    ['TIER_10K', 'TIER_10K'],
    [-1, 'TIER_UNLIMITED'],
    [1234, null],
    ['soon', null],
  ])('the daily limit %s is tier %s', (value, tier) => {
    expect(tierFromDailyLimit(value)).toBe(tier);
  });

  test('tiers and throughput carry their numbers', () => {
    expect(messagingLimit('TIER_2K')).toEqual({ tier: 'TIER_2K', perDay: 2000 });
    expect(messagingLimit('TIER_UNLIMITED')).toEqual({ tier: 'TIER_UNLIMITED', perDay: null });
    expect(throughput('HIGH')).toEqual({ level: 'HIGH', perSecond: 1000 });
  });

  test("the tiers are Meta's, as listed in limits.json", () => {
    const meta = reference<{ messaging_limits: { tiers: string[]; legacy_tiers: string[] } }>('limits.json').messaging_limits;
    for (const tier of [...meta.tiers, ...meta.legacy_tiers]) expect(messagingLimit(tier).tier === tier && tierFromDailyLimit(tier)).toBe(tier);
  });
});

describe('alerts shown in every panel', () => {
  const kinds = (input: Partial<Parameters<typeof accountAlerts>[0]>) =>
    accountAlerts({ health: health(), templates: [], metaAlerts: [], now: NOW, ...input }).map((a) => `${a.kind}:${a.severity}`);

  test.each([
    { case: 'a healthy number', input: {}, expected: [] },
    { case: 'medium quality', input: { health: health({ qualityRating: 'YELLOW' }) }, expected: ['quality:warning'] },
    { case: 'low quality', input: { health: health({ qualityRating: 'RED' }) }, expected: ['quality:critical'] },
    { case: 'a number that is not connected', input: { health: health({ status: 'PENDING' }) }, expected: ['number_status:critical'] },
    { case: 'a declined display name', input: { health: health({ nameStatus: 'DECLINED' }) }, expected: ['display_name:warning'] },
    {
      case: 'a limit lowered an hour ago',
      input: { health: health({ limitChange: { from: 'TIER_10K', to: 'TIER_2K', at: NOW - H } }) },
      expected: ['limit_lowered:warning'],
    },
    { case: 'a limit lowered two days ago', input: { health: health({ limitChange: { from: 'TIER_10K', to: 'TIER_2K', at: NOW - 48 * H } }) }, expected: [] },
    { case: 'a paused template', input: { templates: [template({ status: 'PAUSED' })] }, expected: ['template_paused:warning'] },
    {
      case: 'a template disabled yesterday',
      input: { templates: [template({ status: 'DISABLED', statusAt: NOW - 24 * H })] },
      expected: ['template_disabled:critical'],
    },
    { case: 'a template disabled a month ago', input: { templates: [template({ status: 'DISABLED', statusAt: NOW - 30 * 24 * H })] }, expected: [] },
    {
      case: "Meta's active account alert",
      input: {
        metaAlerts: [{ type: 'INCREASED_CAPABILITIES_ELIGIBILITY_DEFERRED', severity: 'WARNING', description: 'Limits cannot be increased', since: NOW }],
      },
      expected: ['meta_alert:warning'],
    },
    { case: 'no health known yet', input: { health: null }, expected: [] },
  ])('$case → $expected', ({ input, expected }) => {
    expect(kinds(input)).toEqual(expected);
  });

  test('a first pause ends three hours after it began, and says what Meta said', () => {
    const description = 'Your WhatsApp message template has been paused for 3 hours.';
    const [paused] = accountAlerts({
      health: null,
      metaAlerts: [],
      now: NOW,
      templates: [template({ status: 'PAUSED', statusAt: NOW, statusDetail: { title: 'FIRST_PAUSE', description, recommendation: null } })],
    });
    expect(paused).toMatchObject({
      key: 'template:order_update:en_US',
      template: { name: 'order_update', language: 'en_US' },
      since: NOW,
      until: NOW + 3 * H,
      details: description,
    });
  });

  test('critical alerts come first', () => {
    const alerts = accountAlerts({
      health: health({ qualityRating: 'YELLOW', status: 'FLAGGED' }),
      templates: [template({ status: 'PAUSED' })],
      metaAlerts: [],
      now: NOW,
    });
    expect(alerts.map((a) => a.severity)).toEqual(['critical', 'warning', 'warning']);
  });
});

describe('alerts of the business’s other numbers', () => {
  const sales = health({ phoneNumberId: '106540352242923', displayPhoneNumber: '15550783882', label: 'Sales' });

  test('each names its number (label and display number) and has a key of its own; the default’s stay as they were', () => {
    const alerts = accountAlerts({
      health: health({ qualityRating: 'YELLOW' }),
      otherNumbers: [{ ...sales, qualityRating: 'RED', nameStatus: 'DECLINED', verifiedName: 'Lucky Shrub Sales' }],
      templates: [],
      metaAlerts: [],
      now: NOW,
    });
    expect(alerts.map((a) => [a.key, a.details, a.number?.label ?? null])).toEqual([
      ['quality:106540352242923', 'Sales +15550783882', 'Sales'],
      ['quality', null, null],
      ['display_name:106540352242923', 'Sales +15550783882: Lucky Shrub Sales', 'Sales'],
    ]);
  });

  test('a healthy other number raises nothing; one without a label is named by its display number', () => {
    expect(accountAlerts({ health: null, otherNumbers: [sales], templates: [], metaAlerts: [], now: NOW })).toEqual([]);
    const [alert] = accountAlerts({ health: null, otherNumbers: [{ ...sales, label: null, status: 'FLAGGED' }], templates: [], metaAlerts: [], now: NOW });
    expect(alert).toMatchObject({ kind: 'number_status', details: '+15550783882', number: { id: '106540352242923', label: null } });
  });
});
