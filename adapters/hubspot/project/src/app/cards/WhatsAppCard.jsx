// The app card (HubSpot UI extension): one button that opens the customer's WhatsApp thread in
// HubSpot's iframe modal, on contact and ticket records and in the help desk workspace's
// sidebar. Cards render only HubSpot's components, so the panel itself runs in the modal,
// served by the connector (reference/embedding.md §2).
import React, { useState } from 'react';
import { Button, Flex, Text, hubspot } from '@hubspot/ui-extensions';
import { CONNECTOR_URL } from './connector.js';
import { launchPanel, phoneFrom, phoneProperties } from './launch.js';

hubspot.extend(({ context, actions }) => <WhatsAppCard context={context} actions={actions} />);

function WhatsAppCard({ context, actions }) {
  const [problem, setProblem] = useState(null);
  const [busy, setBusy] = useState(false);
  const open = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const objectTypeId = context.crm && context.crm.objectTypeId;
      const properties = await actions.fetchCrmObjectProperties(phoneProperties(objectTypeId));
      await launchPanel({
        fetch: hubspot.fetch,
        openIframeModal: actions.openIframeModal,
        connectorUrl: CONNECTOR_URL,
        phone: phoneFrom(properties, objectTypeId),
        objectId: context.crm && context.crm.objectId,
        objectTypeId,
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
