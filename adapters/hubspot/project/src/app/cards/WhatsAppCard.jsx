// The CRM card (HubSpot UI extension): one button that opens the contact's WhatsApp thread in
// HubSpot's iframe modal. Cards render only HubSpot's components, so the panel itself runs in
// the modal, served by the connector (reference/embedding.md §2).
import React, { useState } from 'react';
import { Button, Flex, Text, hubspot } from '@hubspot/ui-extensions';
import { CONNECTOR_URL } from './connector.js';
import { launchPanel } from './launch.js';

hubspot.extend(({ context, actions }) => <WhatsAppCard context={context} actions={actions} />);

function WhatsAppCard({ context, actions }) {
  const [problem, setProblem] = useState(null);
  const [busy, setBusy] = useState(false);
  const open = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const properties = await actions.fetchCrmObjectProperties(['mobilephone', 'phone']);
      await launchPanel({
        fetch: hubspot.fetch,
        openIframeModal: actions.openIframeModal,
        connectorUrl: CONNECTOR_URL,
        phone: properties.mobilephone || properties.phone,
        objectId: context.crm && context.crm.objectId,
      });
    } catch (error) {
      setProblem(error.message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Flex direction="column" gap="small">
      <Button onClick={open} disabled={busy}>Open WhatsApp</Button>
      {problem ? <Text variant="microcopy">{problem}</Text> : null}
    </Flex>
  );
}
