/**
 * The customers and templates tests share, named once. The customers are the sandbox's seeded
 * ones (connector/sandbox/simulator/seed.ts; test/sandbox/fixtures.test.ts keeps the two in step),
 * so a test says who it writes to instead of repeating a number. Plain values only: the
 * browser tests import this too.
 */
import type { Template } from '@domain/templates';

/** The first seeded customer: US number, a WhatsApp id without the plus. */
export const SHEENA = '+16505551234';
export const SHEENA_WA_ID = '16505551234';
export const SHEENA_NAME = 'Sheena Nelson';

/** A seeded Brazilian customer (13-digit id, with the ninth digit). */
export const LUCAS = '+5511987654321';
export const LUCAS_WA_ID = '5511987654321';
export const LUCAS_NAME = 'Lucas Oliveira';

/** An approved utility template with a text header, a footer and a link button, as the panel lists it. */
export const ORDER_UPDATE_TEMPLATE: Template = {
  name: 'order_update',
  language: 'en_US',
  category: 'UTILITY',
  status: 'APPROVED',
  components: [
    { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}' },
    { type: 'BODY', text: 'Hi {{1}}, your order was {{2}}. Reply here if anything is wrong.' },
    { type: 'FOOTER', text: 'Acme Shop' },
    { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Track the parcel', url: 'https://acme.example/track/{{1}}' }] },
  ],
};

/** An approved template with a body only. */
export const HELLO_WORLD_TEMPLATE: Template = {
  name: 'hello_world',
  language: 'en_US',
  category: 'UTILITY',
  status: 'APPROVED',
  components: [{ type: 'BODY', text: 'Hello from Acme!' }],
};

/** The sandbox's two business numbers (connector/config/business-numbers.ts SANDBOX_NUMBERS): Support is the default. */
export const SUPPORT_NUMBER_ID = '106540352242922';
export const SUPPORT_DISPLAY_NUMBER = '15550783881';
export const SALES_NUMBER_ID = '106540352242923';
export const SALES_DISPLAY_NUMBER = '15550783882';
