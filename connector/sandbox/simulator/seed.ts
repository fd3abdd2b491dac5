/**
 * What the sandbox starts with: a few customers to chat with and a WhatsApp
 * Business Account's templates, one per category and status worth seeing.
 * Template shapes follow test/fixtures/cloud-api/responses/templates-list.json.
 */
export interface SimulatedCustomer {
  waId: string;
  name: string;
}

export const SEED_CUSTOMERS: SimulatedCustomer[] = [
  { waId: '16505551234', name: 'Sheena Nelson' },
  { waId: '5511987654321', name: 'Lucas Oliveira' },
  { waId: '34612345678', name: 'María García' },
  // Registered before Brazil's ninth digit: Meta's id keeps 12 digits, so a send to
  // +55 21 98765-4321 (as people write it today) answers wa_id 552187654321.
  { waId: '552187654321', name: 'Beatriz Costa' },
];

export interface SimulatedTemplate {
  id: string;
  name: string;
  language: string;
  category: 'UTILITY' | 'MARKETING' | 'AUTHENTICATION';
  status: 'APPROVED' | 'PENDING' | 'REJECTED' | 'PAUSED' | 'DISABLED';
  parameter_format: 'POSITIONAL' | 'NAMED';
  components: Array<Record<string, unknown>>;
  /** Meta's template quality, as the list returns it (management.ts keeps it current). */
  quality_score?: { score: string; date?: number };
  rejected_reason?: string;
}

export const SEED_TEMPLATES: SimulatedTemplate[] = [
  {
    id: '1192339204654487',
    name: 'hello_world',
    language: 'en_US',
    category: 'UTILITY',
    status: 'APPROVED',
    parameter_format: 'POSITIONAL',
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'Hello World' },
      {
        type: 'BODY',
        text: 'Welcome and congratulations!! This message demonstrates your ability to send a WhatsApp message notification from the Cloud API, hosted by Meta. Thank you for taking the time to test with us.',
      },
      { type: 'FOOTER', text: 'WhatsApp Business Platform sample message' },
    ],
  },
  {
    id: '1387372356726668',
    name: 'order_update',
    language: 'en_US',
    category: 'UTILITY',
    status: 'APPROVED',
    parameter_format: 'POSITIONAL',
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}', example: { header_text: ['#4821'] } },
      { type: 'BODY', text: 'Hi {{1}}, your order was {{2}} and should arrive by {{3}}.', example: { body_text: [['Sheena', 'shipped', 'June 30']] } },
      { type: 'FOOTER', text: 'Lucky Shrub' },
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'URL', text: 'Track order', url: 'https://www.luckyshrub.com/track/{{1}}', example: ['https://www.luckyshrub.com/track/4821'] },
          { type: 'QUICK_REPLY', text: 'Talk to an agent' },
        ],
      },
    ],
  },
  {
    id: '1288820105522291',
    name: 'seasonal_offer',
    language: 'en_US',
    category: 'MARKETING',
    status: 'APPROVED',
    parameter_format: 'POSITIONAL',
    components: [
      { type: 'BODY', text: 'Hi {{1}}, our spring sale starts today: {{2}} off everything in store.', example: { body_text: [['Sheena', '20%']] } },
      { type: 'FOOTER', text: 'Not interested? Tap Stop promotions' },
      { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Stop promotions' }] },
    ],
  },
  {
    id: '1402934718736225',
    name: 'verification_code',
    language: 'en_US',
    category: 'AUTHENTICATION',
    status: 'APPROVED',
    parameter_format: 'POSITIONAL',
    components: [
      { type: 'BODY', text: '*{{1}}* is your verification code. For your security, do not share this code.', add_security_recommendation: true },
      { type: 'FOOTER', text: 'This code expires in 10 minutes.', code_expiration_minutes: 10 },
      { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Copy code', url: 'https://www.whatsapp.com/otp/code/?otp_type=COPY_CODE&code=otp{{1}}' }] },
    ],
  },
  {
    id: '1536112247123340',
    name: 'payment_reminder',
    language: 'en_US',
    category: 'UTILITY',
    status: 'APPROVED',
    parameter_format: 'POSITIONAL',
    components: [
      { type: 'HEADER', format: 'IMAGE', example: { header_handle: ['4::aW1hZ2UvcG5n:ARb'] } },
      { type: 'BODY', text: 'Hi {{1}}, a payment of {{2}} is due on {{3}}.', example: { body_text: [['Sheena', '$100.99', 'February 25, 2026']] } },
    ],
  },
  {
    id: '1637220058123451',
    name: 'order_confirmation',
    language: 'en_US',
    category: 'UTILITY',
    status: 'APPROVED',
    parameter_format: 'NAMED',
    components: [
      {
        type: 'BODY',
        text: 'Thank you, {{customer_name}}! Your order {{order_number}} is confirmed.',
        example: {
          body_text_named_params: [
            { param_name: 'customer_name', example: 'Sheena' },
            { param_name: 'order_number', example: '860198-230332' },
          ],
        },
      },
    ],
  },
  {
    id: '1738330069123562',
    name: 'invoice_ready',
    language: 'en_US',
    category: 'UTILITY',
    status: 'APPROVED',
    parameter_format: 'POSITIONAL',
    components: [
      { type: 'HEADER', format: 'DOCUMENT', example: { header_handle: ['4::YXBwbGljYXRpb24vcGRm:ARb'] } },
      { type: 'BODY', text: 'Your invoice {{1}} is attached.', example: { body_text: [['4821']] } },
    ],
  },
  {
    id: '1839440070123673',
    name: 'product_demo',
    language: 'en_US',
    category: 'MARKETING',
    status: 'APPROVED',
    parameter_format: 'POSITIONAL',
    components: [
      { type: 'HEADER', format: 'VIDEO', example: { header_handle: ['4::dmlkZW8vbXA0:ARb'] } },
      { type: 'BODY', text: 'See how our new planters are made.' },
    ],
  },
  {
    id: '1940550081123784',
    name: 'store_pickup',
    language: 'en_US',
    category: 'UTILITY',
    status: 'APPROVED',
    parameter_format: 'POSITIONAL',
    components: [
      { type: 'HEADER', format: 'LOCATION' },
      { type: 'BODY', text: 'Your order {{1}} is ready for pickup at the store on the map.', example: { body_text: [['#4821']] } },
    ],
  },
  {
    id: '920070352646140',
    name: '2023_april_promo',
    language: 'en_US',
    category: 'MARKETING',
    status: 'REJECTED',
    rejected_reason: 'TAG_CONTENT_MISMATCH',
    parameter_format: 'POSITIONAL',
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'Fall Sale' },
      {
        type: 'BODY',
        text: 'Hi {{1}}, our Fall Sale is on! Use promo code {{2}} Get an extra 25% off every order above $350!',
        example: { body_text: [['Mark', 'FALL25']] },
      },
    ],
  },
];
