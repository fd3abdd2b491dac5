/**
 * Every string the panel shows, in one place. English is the default; other
 * languages add a dictionary with the same keys.
 */
export const en = {
  signIn: 'Sign in',
  signInPrompt: 'Sign in with your company account to see and answer this customer on WhatsApp.',
  signingIn: 'Signing in…',
  signOut: 'Sign out',
  signedInAs: 'Signed in as {name}',
  signedOut: 'Your session ended. Sign in again to continue.',
  disabled: 'Your go2msg account has been disabled. Ask an admin.',
  noContact: 'No customer selected.',
  loading: 'Loading the conversation…',
  retry: 'Try again',
  empty: 'No messages yet.',
  windowOpen: 'Open · {left} left',
  windowClosingSoon: 'Closing soon · {left} left',
  windowClosed: 'Closed',
  windowNever: 'No open window',
  windowOpenTitle: 'Free-form replies are allowed until {time}.',
  windowClosedTitle: 'The 24-hour window closed at {time}. Only templates can be sent until the customer writes again.',
  windowNeverTitle: 'The customer has not written yet. Only templates can be sent until they do.',
  composerLabel: 'Reply to the customer',
  composerPlaceholder: 'Write a reply… (Enter sends, Shift+Enter for a new line)',
  send: 'Send',
  sending: 'Sending…',
  freeTextOff: 'Free-form replies are off until the customer writes again.',
  closedReason: 'The 24-hour window is closed, so only an approved template can be sent. The customer’s reply opens the window again.',
  neverReason: 'The customer has not written yet, so only an approved template can start the conversation.',
  templateLabel: 'Template',
  templateVariable: 'Variable {n}',
  sendTemplate: 'Send template',
  noTemplates: 'No approved templates are available.',
  you: 'You',
  customer: 'Customer',
  statusQueued: 'Waiting to send',
  statusSending: 'Sending',
  statusAccepted: 'Accepted by WhatsApp',
  statusSent: 'Sent',
  statusDelivered: 'Delivered',
  statusRead: 'Read',
  statusPlayed: 'Played',
  statusFailed: 'Not delivered',
  live: 'Live',
  connecting: 'Connecting…',
  reconnecting: 'Connection lost · reconnecting…',
  unsupported: 'This {type} message cannot be shown here.',
  charactersLeft: '{n} characters left',
  tooLong: '{n} characters over the limit',
  channelSms: 'SMS',
  contentDeleted: 'Content deleted after {days} days',
  smsInstead: 'Send as SMS instead',
  smsWhenClosed: 'Or reach the customer by SMS',
  smsWhenClosedHint: 'SMS has no 24-hour window; the reply arrives in this thread.',
  smsLabel: 'SMS to the customer',
  smsPlaceholder: 'Write an SMS…',
  smsFrom: 'From {sender}',
  smsCount: '{chars} characters · {segments} SMS',
  smsTooLong: '{n} characters over the SMS limit',
  smsSend: 'Send SMS',
  smsCancel: 'Cancel',
} as const;

export type StringKey = keyof typeof en;
export type Strings = Record<StringKey, string>;

export function format(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}

/** "23 h 59 m", "42 m", "<1 m": how long the window stays open. */
export function formatRemaining(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return '<1 m';
  const hours = Math.floor(minutes / 60);
  return hours > 0 ? `${hours} h ${minutes % 60} m` : `${minutes} m`;
}
