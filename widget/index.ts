/**
 * The go2msg panel. Importing this module registers <go2msg-thread>; call
 * `defineGo2msgThread('my-tag')` to register it under another tag as well.
 */
import { Go2msgThread } from './components/thread/thread';
import { defineOnce } from './define';

export { Go2msgThread } from './components/thread/thread';
export { VERSION } from './version';
export { signInWithHostProof } from './api/session';

export const DEFAULT_TAG = 'go2msg-thread';

export function defineGo2msgThread(tag: string = DEFAULT_TAG): void {
  defineOnce(tag, Go2msgThread);
}

defineGo2msgThread();

declare global {
  interface HTMLElementTagNameMap {
    'go2msg-thread': Go2msgThread;
  }
}
