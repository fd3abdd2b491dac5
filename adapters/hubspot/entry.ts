/** PUBLIC_URL/widget/adapters/hubspot.js, loaded by the connector's modal page. */
import { readBoot } from '../shared/boot';
import { mountHubspot, readLaunch } from './modal';

const params = readLaunch(location.hash);
history.replaceState(null, '', location.pathname + location.search);
mountHubspot(document.getElementById('go2msg-root')!, readBoot().connectorUrl, params);
