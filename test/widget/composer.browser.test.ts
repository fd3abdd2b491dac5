/** The composer: attachments, quick-reply buttons, replies, reactions, and a retry that never duplicates. */
import { beforeEach, describe, expect, test } from 'vitest';
import { describeFailure, META_ERRORS } from '@domain/meta-errors';
import { exeFile, hugePng, oggOpusFile, oggVorbisFile, pdfFile, pngFile } from './support/files';
import { signInPanelSession, ThreadPanelHarness, until } from './support/harness';
import { useFakeConnector } from './support/setup';
import { SHEENA } from '../support/fixtures';

const ctx = useFakeConnector();

beforeEach(() => {
  signInPanelSession();
  ctx.fake.contact.lastInboundAt = ctx.fake.serverNow - 60_000;
});

describe('attachments', () => {
  test('the attach control is a drawn paperclip with a name, not an emoji that needs an emoji font', async () => {
    const panel = await ThreadPanelHarness.ready();
    const attach = await panel.find('button.attach');
    expect(attach.getAttribute('aria-label')).toBe('Attach a file');
    expect(attach.textContent!.trim()).toBe('');
    const icon = attach.querySelector('svg')!;
    expect(icon.getAttribute('aria-hidden')).toBe('true');
    expect(icon.getBoundingClientRect().width).toBeGreaterThanOrEqual(16);
  });

  test('a picked image is checked, uploaded with its real type, previewed, and sent with the caption', async () => {
    const panel = await ThreadPanelHarness.ready();
    await panel.attach(await pngFile('label.png'));
    await until(() => panel.attachment()?.state === 'Ready to send');
    expect(panel.attachment()!.name).toBe('label.png');
    expect(panel.q<HTMLImageElement>('.att-thumb')!.src).toMatch(/^blob:/);
    expect(ctx.fake.uploads[0]).toMatchObject({
      kind: 'image',
      filename: 'label.png',
      contentType: 'image/png',
      authorization: 'Bearer test-token-0123456789abcdef',
    });
    await panel.typeMessage('Your parcel label');
    expect(panel.draft.placeholder).toMatch(/caption/);
    await panel.pressEnter();
    await until(() => ctx.fake.sent.length === 1);
    expect(ctx.fake.sent[0]!.body).toEqual({ type: 'image', image: { id: 'med_1', caption: 'Your parcel label' } });
    expect(panel.attachment()).toBeNull();
    const sent = await panel.waitForMessage('Your parcel label');
    await until(() => sent.querySelector<HTMLImageElement>('.thumb img')?.src.startsWith('blob:'));
  });

  test('a file dropped on the panel is attached', async () => {
    const panel = await ThreadPanelHarness.ready();
    await panel.drop(pdfFile('invoice-4821.pdf'));
    await until(() => panel.attachment()?.state === 'Ready to send');
    await panel.click('Send');
    await until(() => ctx.fake.sent.length === 1);
    expect(ctx.fake.sent[0]!.body).toEqual({ type: 'document', document: { id: 'med_1', filename: 'invoice-4821.pdf' } });
  });

  test('a pasted image is attached', async () => {
    const panel = await ThreadPanelHarness.ready();
    await panel.paste(await pngFile('pasted.png'));
    await until(() => panel.attachment()?.state === 'Ready to send');
    expect(ctx.fake.uploads[0]!.kind).toBe('image');
  });

  test.each([
    {
      description: 'an image over 5 MB, naming the limit',
      file: () => hugePng(),
      message: /This file is 6(\.0)? MB; WhatsApp accepts at most 5 MB for image\./,
    },
    {
      description: 'a program, listing the types WhatsApp takes',
      file: () => exeFile(),
      message: /WhatsApp does not accept this file as document\. Send a file of one of these types: \.txt, \.pdf/,
    },
    {
      description: 'a PNG that claims to be a JPEG',
      file: async () => new File([await (await pngFile()).arrayBuffer()], 'photo.jpg', { type: 'image/jpeg' }),
      message: /claims to be image\/jpeg but its content is image\/png/,
    },
    { description: 'an empty file', file: () => new File([], 'empty.pdf', { type: 'application/pdf' }), message: /The file is empty\./ },
  ])('refuses $description before uploading a byte', async ({ file, message }) => {
    const panel = await ThreadPanelHarness.ready();
    await panel.attach(await file());
    await until(() => panel.problem());
    expect(panel.problem()).toMatch(message);
    expect(panel.attachment()).toBeNull();
    expect(ctx.fake.uploads).toEqual([]);
  });

  test('shows upload progress, and cancel stops the upload and forgets the file', async () => {
    let release!: () => void;
    ctx.fake.holdUploads = new Promise((r) => (release = r));
    const panel = await ThreadPanelHarness.ready();
    await panel.attach(pdfFile('big.pdf', 400_000));
    await until(() => panel.attachment()?.progress === 50);
    expect(panel.attachment()!.state).toBe('Uploading… 50%');
    expect(panel.sendButton().disabled).toBe(true);
    await panel.click('Cancel upload');
    expect(panel.attachment()).toBeNull();
    release();
    await until(() => ctx.fake.uploads[0]!.state === 'aborted');
    expect(ctx.fake.sent).toEqual([]);
  });

  test('an upload the connector refuses shows its reason and can be tried again', async () => {
    ctx.fake.failNextUpload = {
      status: 413,
      code: 'MEDIA_TOO_LARGE',
      message: 'This file is 6 MB; WhatsApp accepts at most 5 MB for image.',
      action: 'Send a smaller file, or share a link instead.',
      details: { kind: 'image', actual: '6 MB', limit: '5 MB' },
    };
    const panel = await ThreadPanelHarness.ready();
    await panel.attach(await pngFile());
    await until(() => panel.attachment()?.error);
    expect(panel.attachment()!.error).toBe('This file is 6 MB; WhatsApp accepts at most 5 MB for image. Send a smaller file, or share a link instead.');
    await panel.click('Retry');
    await until(() => panel.attachment()?.state === 'Ready to send');
    expect(ctx.fake.uploads).toHaveLength(2);
  });

  test('an OGG/Opus file can go as a voice note; other OGG audio cannot', async () => {
    const panel = await ThreadPanelHarness.ready();
    await panel.attach(oggOpusFile());
    await until(() => panel.attachment()?.state === 'Ready to send');
    const voice = await panel.find<HTMLInputElement>('.attachment input[type="checkbox"]');
    voice.click();
    await until(() => ctx.fake.uploads.length === 2 && panel.attachment()?.state === 'Ready to send');
    expect(ctx.fake.uploads[1]).toMatchObject({ kind: 'audio', voice: true, contentType: 'audio/ogg' });
    await panel.typeMessage('Listen to this');
    await panel.click('Send');
    await until(() => ctx.fake.sent.length === 2);
    // Audio has no caption: the text follows as its own message.
    expect(ctx.fake.sent.map((s) => s.body)).toEqual([
      { type: 'audio', audio: { id: 'med_2', voice: true } },
      { type: 'text', text: { body: 'Listen to this' } },
    ]);

    await panel.attach(oggVorbisFile());
    await until(() => panel.attachment()?.state === 'Ready to send');
    (await panel.find<HTMLInputElement>('.attachment input[type="checkbox"]')).click();
    // Worded by the panel from the facts (kind audio, a voice note): "as voice note", whatever the domain's English says.
    await until(() => /as voice note\. Send a file of one of these types: \.ogg \(Opus\)\./.test(panel.problem() ?? ''));
  });

  test('the file picker offers exactly the types of the shared media table', async () => {
    const { acceptFor } = await import('@domain/media');
    const panel = await ThreadPanelHarness.ready();
    await until(() => panel.q<HTMLInputElement>('#file')?.accept);
    expect(panel.q<HTMLInputElement>('#file')!.accept).toBe(acceptFor());
  });
});

describe('quick-reply buttons', () => {
  test('sends 1 to 3 buttons with the message, each at most 20 characters', async () => {
    const panel = await ThreadPanelHarness.ready();
    await panel.typeMessage('Did the parcel arrive?');
    await panel.click('Quick-reply buttons');
    await panel.setInput('input[aria-label="Button 1"]', 'Yes');
    await panel.click('+ Add a button');
    await panel.setInput('input[aria-label="Button 2"]', 'No, still waiting for it');
    expect(panel.q('input[aria-label="Button 2"]')!.getAttribute('aria-invalid')).toBe('true');
    expect(panel.sendButton().disabled).toBe(true);
    await panel.setInput('input[aria-label="Button 2"]', 'Not yet');
    await panel.click('+ Add a button');
    await panel.setInput('input[aria-label="Button 3"]', 'Talk to someone');
    expect(panel.button('+ Add a button')).toBeUndefined();
    await panel.click('Send');
    await until(() => ctx.fake.sent.length === 1);
    expect(ctx.fake.sent[0]!.body).toEqual({
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'Did the parcel arrive?' },
        action: {
          buttons: [
            { type: 'reply', reply: { id: 'option-1', title: 'Yes' } },
            { type: 'reply', reply: { id: 'option-2', title: 'Not yet' } },
            { type: 'reply', reply: { id: 'option-3', title: 'Talk to someone' } },
          ],
        },
      },
    });
  });

  test('two buttons with the same title are refused with the rule named', async () => {
    const panel = await ThreadPanelHarness.ready();
    await panel.typeMessage('Pick one');
    await panel.click('Quick-reply buttons');
    await panel.setInput('input[aria-label="Button 1"]', 'Yes');
    await panel.click('+ Add a button');
    await panel.setInput('input[aria-label="Button 2"]', 'Yes');
    await panel.click('Send');
    await until(() => panel.problem());
    expect(panel.problem()).toMatch(/button titles must all be different/);
    expect(ctx.fake.sent).toEqual([]);
  });
});

describe('replies and reactions', () => {
  test('a reply quotes the message it answers', async () => {
    ctx.fake.messages = [ctx.fake.message({ text: 'Where is my order?' })];
    const panel = await ThreadPanelHarness.ready();
    await panel.reply('Where is my order?');
    expect(panel.text('.replying .quote')).toBe('Replying to Sheena Nelson Where is my order?');
    expect(panel.root.activeElement).toBe(panel.draft);
    await panel.typeMessage('It left the warehouse this morning.');
    await panel.pressEnter();
    await until(() => ctx.fake.sent.length === 1);
    expect(ctx.fake.sent[0]!.body).toEqual({
      type: 'text',
      text: { body: 'It left the warehouse this morning.' },
      context: { message_id: ctx.fake.messages[0]!.wamid },
    });
    expect(panel.q('.replying')).toBeNull();
  });

  test('a reaction is sent for the message and shown on it; it can be removed', async () => {
    ctx.fake.messages = [ctx.fake.message({ text: 'Thanks a lot!' })];
    const panel = await ThreadPanelHarness.ready();
    await panel.react('Thanks a lot!', '❤️');
    await until(() => ctx.fake.sent.length === 1);
    expect(ctx.fake.sent[0]!.body).toEqual({ type: 'reaction', reaction: { message_id: ctx.fake.messages[0]!.wamid, emoji: '❤️' } });
    const message = panel.message('Thanks a lot!')!;
    expect(message.querySelector('.reactions li')!.getAttribute('aria-label')).toBe('❤️ from Ana Souza');
    // The reaction itself is not a message in the thread.
    expect(panel.messages()).toHaveLength(1);
    await panel.removeReaction('Thanks a lot!');
    await until(() => ctx.fake.sent.length === 2);
    expect(ctx.fake.sent[1]!.body).toEqual({ type: 'reaction', reaction: { message_id: ctx.fake.messages[0]!.wamid, emoji: '' } });
    await until(() => !panel.message('Thanks a lot!')!.querySelector('.reactions'));
  });

  test('messages older than 30 days offer neither reply nor reaction (WhatsApp refuses them)', async () => {
    ctx.fake.messages = [ctx.fake.message({ text: 'Old question', at: ctx.fake.serverNow - 31 * 86_400_000 })];
    const panel = await ThreadPanelHarness.ready();
    const message = await panel.waitForMessage('Old question');
    expect(message.querySelectorAll('.act')).toHaveLength(0);
  });
});

describe('a failed send', () => {
  test('shows its reason and a Retry that re-sends the same message with the same key, never a duplicate', async () => {
    ctx.fake.failNextSends.push({
      status: 503,
      code: 'PROVIDER_UNAVAILABLE',
      message: 'WhatsApp could not be reached.',
      action: 'The message will be retried; nothing needs to be done now.',
    });
    const panel = await ThreadPanelHarness.ready();
    await panel.typeMessage('Important answer');
    await panel.pressEnter();
    const failed = await until(() => panel.pending().find((p) => p.dataset.status === 'failed'));
    expect(failed.querySelector('.failure')!.textContent).toBe(
      'Not sent: WhatsApp could not be reached. The message will be retried; nothing needs to be done now.',
    );
    expect(failed.querySelector('.text')!.textContent).toBe('Important answer');
    await panel.click('Retry');
    await panel.waitForMessage('Important answer');
    await until(() => panel.pending().length === 0);
    expect(ctx.fake.sent).toHaveLength(2);
    expect(ctx.fake.sent[1]!.idempotencyKey).toBe(ctx.fake.sent[0]!.idempotencyKey);
    expect(ctx.fake.sent[1]!.body).toEqual(ctx.fake.sent[0]!.body);
    expect(panel.messages().filter((m) => m.textContent?.includes('Important answer'))).toHaveLength(1);
  });

  test('a lost response retried with the same key shows the one stored message, not two', async () => {
    const panel = await ThreadPanelHarness.ready();
    await panel.typeMessage('Sent once');
    await panel.pressEnter();
    await panel.waitForMessage('Sent once');
    expect(ctx.fake.sent).toHaveLength(1);
    // The connector already has it; a replay of the key returns it (replayed: true).
    const key = ctx.fake.sent[0]!.idempotencyKey!;
    const { ConnectorClient } = await import('../../widget/api/connector-client');
    const replay = await new ConnectorClient('https://connector.test', () => 'test-token-0123456789abcdef').send(
      SHEENA,
      { type: 'text', text: { body: 'Sent once' } },
      key,
    );
    expect(replay.replayed).toBe(true);
    expect(ctx.fake.messages.filter((m) => m.text === 'Sent once')).toHaveLength(1);
  });

  test('Edit puts a refused text back in the composer, Discard drops it', async () => {
    ctx.fake.failNextSends.push({
      status: 409,
      code: 'WINDOW_CLOSED',
      message: 'The 24-hour customer service window is closed, so free-form messages cannot be sent.',
      action: "Send an approved template; the customer's reply opens the window again.",
    });
    ctx.fake.failNextSends.push({ status: 503, code: 'PROVIDER_UNAVAILABLE', message: 'WhatsApp could not be reached.', action: 'Try again.' });
    const panel = await ThreadPanelHarness.ready();
    await panel.typeMessage('First try');
    await panel.pressEnter();
    await until(() => panel.pending()[0]?.dataset.status === 'failed');
    await panel.click('Edit');
    expect(panel.draft.value).toBe('First try');
    expect(panel.pending()).toHaveLength(0);
    await panel.pressEnter();
    await until(() => panel.pending()[0]?.dataset.status === 'failed');
    await panel.click('Discard');
    expect(panel.pending()).toHaveLength(0);
    expect(ctx.fake.messages).toHaveLength(0);
  });

  test('a message WhatsApp failed shows the reason; Send again sends it once however often it is clicked', async () => {
    const failed = ctx.fake.message({
      direction: 'out',
      text: 'Your code is ready',
      status: 'failed',
      sender: { teammateId: 7, name: 'Ana Souza' },
      failure: describeFailure(131026, 'Message undeliverable'),
    });
    failed.content = { body: 'Your code is ready' };
    ctx.fake.messages = [failed];
    const panel = await ThreadPanelHarness.ready();
    const message = await panel.waitForMessage('Your code is ready');
    expect(message.querySelector('.failure')!.textContent).toBe(`${META_ERRORS[131026]!.reason} ${META_ERRORS[131026]!.action}`);
    // A double click while the first is on its way sends nothing more.
    await panel.click('↻ Send again');
    await panel.click('↻ Send again');
    await until(() => panel.messages().length === 2);
    // A later click repeats the same key: the connector answers with the message it already has.
    await panel.click('↻ Send again');
    await until(() => ctx.fake.sent.length === 2);
    // Each send stays in the pending list until its answer is applied: an empty list means every answer is in.
    await until(() => !panel.q('.log.pending'));
    await panel.element.updateComplete;
    expect(ctx.fake.startedTo('POST', '/messages')).toBe(2);
    expect(new Set(ctx.fake.sent.map((s) => s.idempotencyKey))).toEqual(new Set([`resend-${failed.id}`]));
    expect(ctx.fake.sent[0]!.body).toEqual({ type: 'text', text: { body: 'Your code is ready' } });
    expect(ctx.fake.messages.filter((m) => m.id !== failed.id)).toHaveLength(1);
    expect(panel.messages()).toHaveLength(2);
  });
});
