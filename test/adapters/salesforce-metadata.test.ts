/**
 * The Salesforce install (adapters/salesforce/metadata, docs/hosts/salesforce.md): an External
 * Client App with the Canvas plugin (not a Connected App, off by default since Spring '26), its
 * canvas POSTing the signed request to the connector's page, placed by a Lightning component on
 * the Case record page and in the console's utility bar; the Case fields the connector upserts by.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const tag = (xml: string, name: string) => [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((m) => m[1]);
const META = 'adapters/salesforce/metadata';

describe('the Salesforce metadata', () => {
  test('the Canvas plugin POSTs the signed request to the connector, for Lightning components', () => {
    const canvas = read(`${META}/extlClntAppCanvasSettings/Go2msg_WhatsApp_canvas.ecaCanvas-meta.xml`);
    expect(tag(canvas, 'canvasUrl')[0]).toMatch(/^https:\/\/[^/]+\/adapters\/salesforce\/canvas$/);
    expect(tag(canvas, 'accessMethod')).toEqual(['Post']);
    expect(tag(canvas, 'canvasLocationOptions')).toContain('Aura');
    expect(tag(canvas, 'externalClientApplication')).toEqual(['Go2msg_WhatsApp']);
    expect(tag(read(`${META}/extlClntAppPolicies/Go2msg_WhatsApp_plcy.ecaPlcy-meta.xml`), 'isCanvasPluginEnabled')).toEqual(['true']);
    expect(tag(read(`${META}/extlClntAppOauthPolicies/Go2msg_WhatsApp_oauthPlcy.ecaOauthPlcy-meta.xml`), 'isClientCredentialsFlowEnabled')).toEqual(['true']);
  });

  test('the Lightning component goes on record pages and the utility bar, and hands the canvas the Case’s number', () => {
    const component = read(`${META}/aura/go2msgWhatsApp/go2msgWhatsApp.cmp`);
    for (const place of ['flexipage:availableForRecordHome', 'lightning:utilityItem', 'force:hasRecordId']) expect(component).toContain(place);
    expect(component).toContain('<force:canvasApp developerName="Go2msg_WhatsApp"');
    expect(read(`${META}/aura/go2msgWhatsApp/go2msgWhatsAppController.js`)).toContain('Go2msg_WhatsApp__c');
  });

  test('the Case fields: the conversation an External ID, unique (the connector upserts by it)', () => {
    const field = read(`${META}/objects/Case/fields/Go2msg_Conversation__c.field-meta.xml`);
    expect(tag(field, 'externalId')).toEqual(['true']);
    expect(tag(field, 'unique')).toEqual(['true']);
    const manifest = read(`${META}/package.xml`);
    for (const type of ['ExternalClientApplication', 'ExtlClntAppCanvasSettings', 'AuraDefinitionBundle', 'CustomField'])
      expect(manifest).toContain(`<name>${type}</name>`);
  });

  test('the docs describe an External Client App, not a new Connected App', () => {
    for (const doc of ['docs/hosts/salesforce.md', 'adapters/salesforce/README.md']) {
      expect(read(doc)).toContain('External Client App');
      expect(read(doc)).not.toMatch(/New Connected App/);
    }
  });
});
