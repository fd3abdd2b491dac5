/**
 * What <go2msg-thread> hands the parts it is split into (the message log, the
 * composer region): its controllers, and reads of its current state. One
 * object for all of them, built once by the element.
 */
import type { CSSResult } from 'lit';
import type { ReplyWindow } from '@domain/reply-window';
import type { SignedInTeammate } from '@domain/sign-in';
import type { ConnectorClient } from '../../api/connector-client';
import type { ComposerController } from '../../controllers/composer-controller';
import type { LocaleController } from '../../controllers/locale-controller';
import type { MediaController } from '../../controllers/media-controller';
import type { SendQueue } from '../../controllers/send-queue';
import type { ThreadController } from '../../controllers/thread-controller';

export interface ThreadParts {
  thread: ThreadController;
  media: MediaController;
  i18n: LocaleController;
  queue: SendQueue;
  composer: ComposerController;
  client: () => ConnectorClient | null;
  contact: () => string;
  me: () => SignedInTeammate | null | undefined;
  customerName: () => string;
  replyWindow: () => ReplyWindow | null;
  signedIn: () => boolean;
  /** Sends the composer's draft (Enter, the Send button). */
  onSend: () => void;
  /** Styles that arrive with a lazy chunk join the shadow root's sheets. */
  adopt: (styles: CSSResult) => void;
}
