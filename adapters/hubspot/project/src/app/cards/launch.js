// What the card's button does, kept apart from React so it is tested on its own
// (test/adapters/hubspot-card.test.ts): ask the connector, through hubspot.fetch (which HubSpot
// signs with the app's client secret and tags with the portal and the user), for a launch URL,
// then open it in HubSpot's iframe modal.
export const MODAL = { width: 480, height: 720, title: 'WhatsApp' };

export async function launchPanel({ fetch, openIframeModal, connectorUrl, phone, objectId }) {
  if (!phone) throw new Error('This contact has no phone number.');
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
