/**
 * <go2msg-saved-replies-admin>: admins keep the team's saved replies (the
 * connector audits each change); the form checks the connector's own rule as
 * they type, inserts placeholders at the caret and previews the filled text.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { axeViolations } from './support/axe';
import { FakeAdminConnector, signInAs } from './support/fake-admin-connector';
import { CONNECTOR, FakeConnector } from './support/fake-connector';
import { q, qa, signOutPanelSession, until } from './support/panel';

let fake: FakeConnector;
let admin: FakeAdminConnector;

beforeEach(() => {
  fake = new FakeConnector().install();
  admin = new FakeAdminConnector().install();
  admin.savedReplies = [{ id: 1, name: 'Opening hours', text: 'We are open 9–18.', language: null, updatedAt: 0 }];
});

afterEach(() => {
  document.body.innerHTML = '';
  signOutPanelSession();
  admin.uninstall();
  fake.uninstall();
});

async function mount(): Promise<HTMLElement & { updateComplete: Promise<boolean> }> {
  const element = document.createElement('go2msg-saved-replies-admin') as HTMLElement & { updateComplete: Promise<boolean> };
  element.setAttribute('connector-url', CONNECTOR);
  document.body.append(element);
  await customElements.whenDefined('go2msg-saved-replies-admin');
  await element.updateComplete;
  return element;
}

const button = (root: Element, text: string) => qa<HTMLButtonElement>(root, 'button').find((b) => b.textContent?.trim() === text);
const rows = (root: Element) => qa(root, 'tbody tr').map((r) => [...r.querySelectorAll('td')].slice(0, 3).map((c) => c.textContent!.trim()));

function type(input: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input'));
}

describe('<go2msg-saved-replies-admin>', () => {
  test('loads with the other admin elements when its tag appears, and shows agents nothing to change', async () => {
    signInAs('agent');
    const element = await mount();
    await until(() => q(element, '[role="status"]'));
    expect(q(element, '[role="status"]')!.textContent).toBe('Only go2msg admins can manage this. Ask an admin for access.');
    expect(admin.ofMethod('GET', '/api/saved-replies')).toHaveLength(0);
  });

  test('an admin writes a reply with placeholders inserted at the caret, sees it filled, and saves it', async () => {
    signInAs('admin');
    const element = await mount();
    await until(() => rows(element).length === 1);
    expect(rows(element)).toEqual([['Opening hours', 'Any language', 'We are open 9–18.']]);
    button(element, 'New saved reply')!.click();
    await element.updateComplete;
    type(q<HTMLInputElement>(element, 'input[name="name"]')!, 'Greeting');
    type(q<HTMLInputElement>(element, 'input[name="language"]')!, 'en');
    const text = q<HTMLTextAreaElement>(element, 'textarea[name="text"]')!;
    type(text, 'Hi , this is .');
    text.setSelectionRange(3, 3);
    qa<HTMLButtonElement>(element, 'button.placeholder')
      .find((b) => b.getAttribute('aria-label') === 'Insert {{customer.first_name}}')!
      .click();
    await element.updateComplete;
    text.setSelectionRange(text.value.length - 1, text.value.length - 1);
    qa<HTMLButtonElement>(element, 'button.placeholder')
      .find((b) => b.getAttribute('aria-label') === 'Insert {{agent.first_name}}')!
      .click();
    await element.updateComplete;
    expect(text.value).toBe('Hi {{customer.first_name}}, this is {{agent.first_name}}.');
    expect(q(element, '.preview')!.textContent).toBe('Hi Maria, this is Ana.');
    expect(await axeViolations(element)).toEqual([]);
    button(element, 'Save')!.click();
    await until(() => rows(element).length === 2);
    expect(admin.ofMethod('POST', '/api/admin/saved-replies')[0]!.body).toEqual({
      name: 'Greeting',
      text: 'Hi {{customer.first_name}}, this is {{agent.first_name}}.',
      language: 'en',
    });
    expect(q(element, '.ok')!.textContent).toBe('Saved “Greeting”.');
    expect(rows(element)[0]).toEqual(['Greeting', 'en', 'Hi {{customer.first_name}}, this is {{agent.first_name}}.']);
  });

  test('the form names what the connector would refuse before sending anything', async () => {
    signInAs('admin');
    const element = await mount();
    await until(() => rows(element).length === 1);
    button(element, 'New saved reply')!.click();
    await element.updateComplete;
    type(q<HTMLInputElement>(element, 'input[name="name"]')!, 'Typo');
    type(q<HTMLTextAreaElement>(element, 'textarea[name="text"]')!, 'Hi {{customer.firstname}}');
    button(element, 'Save')!.click();
    await element.updateComplete;
    const field = q<HTMLTextAreaElement>(element, 'textarea[name="text"]')!;
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(q(element, '#text-why')!.textContent).toContain('{{customer.firstname}} is not a placeholder; use {{customer.name}}');
    expect(field.getAttribute('aria-describedby')).toBe('text-why');
    expect(admin.ofMethod('POST', '/api/admin/saved-replies')).toHaveLength(0);
  });

  test('edits a reply in place and deletes one after confirming', async () => {
    signInAs('admin');
    const element = await mount();
    await until(() => rows(element).length === 1);
    q<HTMLButtonElement>(element, 'button[aria-label="Edit Opening hours"]')!.click();
    await element.updateComplete;
    expect(q<HTMLInputElement>(element, 'input[name="name"]')!.value).toBe('Opening hours');
    type(q<HTMLTextAreaElement>(element, 'textarea[name="text"]')!, 'We are open 8–18.');
    button(element, 'Save')!.click();
    await until(() => rows(element)[0]?.[2] === 'We are open 8–18.');
    expect(admin.ofMethod('PUT', '/api/admin/saved-replies/1')).toHaveLength(1);

    q<HTMLButtonElement>(element, 'button[aria-label="Delete Opening hours"]')!.click();
    await element.updateComplete;
    expect(q(element, 'tbody .muted')!.textContent).toBe('Delete “Opening hours”? Agents will no longer see it.');
    q<HTMLButtonElement>(element, 'button.confirm')!.click();
    await until(() => q(element, '.ok')?.textContent === 'Deleted “Opening hours”.');
    expect(q(element, 'p.muted')!.textContent).toBe('No saved replies yet.');
  });
});
