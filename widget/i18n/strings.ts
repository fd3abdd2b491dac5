/**
 * Every string the panel shows, in one place. English is the default and ships
 * in the core bundle; Spanish (es.ts) and Brazilian Portuguese (pt-br.ts) have
 * the same keys and load on demand (locale.ts). A key missing there falls back
 * to English, and a test lists every missing key.
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
  windowUntil: 'until {time}',
  windowSince: 'since {time}',
  windowNeverTitle: 'The customer has not written yet. Only templates can be sent until they do.',
  composerLabel: 'Reply to the customer',
  composerPlaceholder: 'Write a reply… (Enter sends, Shift+Enter for a new line)',
  send: 'Send',
  sending: 'Sending…',
  closedReason: 'The 24-hour window is closed, so only an approved template can be sent. The customer’s reply opens the window again.',
  neverReason: 'The customer has not written yet, so only an approved template can start the conversation.',
  sendTemplate: 'Send template',
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
  statusAt: '{status} at {time}',
  live: 'Live',
  connecting: 'Connecting…',
  reconnecting: 'Connection lost · reconnecting…',
  unsupported: 'This {type} message cannot be shown here.',
  charactersLeft: '{n} characters left',
  tooLong: '{n} characters over the limit',
  // The header
  businessVerified: 'Verified business',
  sendingAs: 'Sending as {name}',
  qualityLabel: 'Number quality: {rating}',
  qualityGREEN: 'high',
  qualityYELLOW: 'medium',
  qualityRED: 'low',
  qualityUNKNOWN: 'not rated yet',
  tierLabel: 'Messaging limit: {tier}',
  tierCustomers: '{n} customers per 24 h',
  tierUnlimited: 'unlimited',
  // The thread
  logLabel: 'Messages with {name}',
  loadEarlier: 'Load earlier messages',
  loadingEarlier: 'Loading earlier messages…',
  beginning: 'This is the beginning of the conversation.',
  newMessageFrom: 'New message from {name}: {text}',
  viaHost: '{name} via {host}',
  fromPhoneApp: 'From the WhatsApp Business app',
  linkPrompt: 'Link your {host} account to go2msg once: sign in with your company account. After that, {host} signs you in.',
  waitingForSignIn: 'Finish signing in in the other window…',
  cancel: 'Cancel',
  signedOutSwitch: 'You signed out. The next sign-in asks which company account to use, so a teammate can sign in here.',
  codePrompt: 'Your sign-in window shows a {digits}-digit code. Type it here to finish signing in.',
  codeLabel: 'Code from the sign-in window',
  codeSubmit: 'Finish signing in',
  codeChecking: 'Checking the code…',
  codeFormat: 'Type the {digits} digits the sign-in window shows.',
  signedInVia: 'Signed in as {name} via {host}',
  signatureNote: 'Customers see your name: “{signature}”',
  forwarded: 'Forwarded',
  frequentlyForwarded: 'Forwarded many times',
  quoted: 'Quoted message',
  quotedMissing: 'A message that is not shown here',
  reactionFrom: '{emoji} from {who}',
  reactionsLabel: 'Reactions',
  fromAd: 'From an ad',
  mediaLoading: 'Loading…',
  mediaPending: 'The file is still arriving from WhatsApp.',
  mediaFailed: 'The file could not be fetched from WhatsApp.',
  openImage: 'Open the image',
  loadVideo: 'Play video',
  voiceNote: 'Voice message',
  audio: 'Audio',
  video: 'Video',
  image: 'Image',
  document: 'Document',
  sticker: 'Sticker',
  download: 'Download',
  location: 'Location',
  messageActions: 'Actions for this message',
  reply: 'Reply',
  react: 'React',
  removeReaction: 'Remove my reaction',
  reactWith: 'React with {emoji}',
  resend: 'Send again',
  notSent: 'Not sent',
  retrySend: 'Retry',
  edit: 'Edit',
  discard: 'Discard',
  // The composer
  captionPlaceholder: 'Add a caption… (Enter sends)',
  attach: 'Attach a file',
  recordVoice: 'Record a voice note',
  dropHere: 'Drop the file to attach it',
  uploading: 'Uploading… {percent}%',
  uploaded: 'Ready to send',
  quickReplies: 'Quick-reply buttons',
  replyingTo: 'Replying to {name}',
  cancelReply: 'Cancel the reply',
  savedReplies: 'Saved replies',
  templates: 'Templates',
  captionTooLong: 'The caption is {n} characters over the limit',
  // The template picker
  // The media viewer
  close: 'Close',
  imageViewer: 'Image viewer',
  // Account alerts shown in every panel (quality, paused templates…).
  alertsLabel: 'WhatsApp account alerts',
  alertQualityYELLOW: "The number's quality rating dropped to medium: customers have been blocking or reporting its messages.",
  alertQualityRED: "The number's quality rating is low: Meta may limit how many customers it can reach.",
  alertTemplatePaused: 'Template {name} ({language}) is paused by Meta for low quality{until}. Use another template.',
  alertPausedUntil: ' until {time}',
  alertTemplateDisabled: 'Template {name} ({language}) was disabled by Meta and can no longer be sent.',
  alertNumberStatus: 'The WhatsApp number is not connected ({value}): messages cannot be sent. Tell your admin.',
  alertDisplayName: "Meta declined the WhatsApp number's display name. Tell your admin.",
  alertLimitLowered: 'Meta lowered how many customers the number can reach outside a conversation ({value}).',
  alertMeta: 'Meta raised an alert on the WhatsApp account: {value}.',
  dismiss: 'Dismiss',
  // SMS beside WhatsApp (the SMS reply's own strings are in sms-strings.ts), and retention
  channelSms: 'SMS',
  contentDeleted: 'Content deleted after {days} days',
} as const;

export type StringKey = keyof typeof en;
export type Strings = Record<StringKey, string>;
/** Another language's dictionary. */
export type Translation = Partial<Strings>;

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
