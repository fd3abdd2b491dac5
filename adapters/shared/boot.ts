/**
 * The boot block the connector writes into its host app pages
 * (connector/http/routes/adapters-pages.ts): a JSON data block, never run.
 */
import type { AdapterBoot } from '@domain/hosts';

export type { AdapterBoot };

export function readBoot(doc: Document = document): AdapterBoot {
  const text = doc.getElementById('go2msg-boot')?.textContent;
  if (!text) throw new Error('go2msg: this page has no boot block (#go2msg-boot)');
  return JSON.parse(text) as AdapterBoot;
}

/** The connector's base URL for a script served from PUBLIC_URL/widget/adapters/<name>.js. */
export function connectorUrlOf(scriptUrl: string): string {
  return new URL('../../', scriptUrl).href.replace(/\/+$/, '');
}
