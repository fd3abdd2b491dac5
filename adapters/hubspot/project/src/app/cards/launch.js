// What the card's button does, kept apart from React so it is tested on its own
// (test/adapters/hubspot-card.test.ts): read the customer's number from the record, ask the
// connector, through hubspot.fetch (which HubSpot signs with the app's client secret and tags
// with the portal and the user), for a launch URL, then open it in HubSpot's iframe modal.
export const MODAL = { width: 480, height: 720, title: 'WhatsApp' };

/** HubSpot's object type id for tickets (contacts are 0-1). */
export const TICKET_TYPE_ID = '0-5';

/**
 * The record properties that hold the customer's WhatsApp number: a contact's mobile phone, else
 * its phone; a ticket's `go2msg_whatsapp_number`, which the connector sets on the tickets it
 * creates (a ticket's own properties do not include its contact's phone).
 */
export function phoneProperties(objectTypeId) {
  return objectTypeId === TICKET_TYPE_ID ? ['go2msg_whatsapp_number'] : ['mobilephone', 'phone'];
}

export function phoneFrom(properties, objectTypeId) {
  const names = phoneProperties(objectTypeId);
  for (const name of names) if (properties && properties[name]) return properties[name];
  return null;
}

export async function launchPanel({ fetch, openIframeModal, connectorUrl, phone, objectId, objectTypeId }) {
  if (!phone) throw new Error(objectTypeId === TICKET_TYPE_ID ? 'This ticket is not a go2msg WhatsApp conversation.' : 'This contact has no phone number.');
  const response = await fetch(`${connectorUrl}/adapters/hubspot/launch`, {
    method: 'POST',
    body: { contact: phone, objectId: objectId === undefined || objectId === null ? undefined : String(objectId) },
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = answer && answer.error ? answer.error : {};
    throw new Error([error.message, error.action].filter(Boolean).join(' ') || `The go2msg connector answered ${response.status}.`);
  }
  openIframeModal({ uri: answer.url, ...MODAL });
  return answer.url;
}
