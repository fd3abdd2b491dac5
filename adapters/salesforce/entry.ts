/** PUBLIC_URL/widget/adapters/salesforce.js, loaded by the connector's Canvas page. */
import { readBoot } from '../shared/boot';
import { mountCanvas } from './canvas';

mountCanvas(document.getElementById('go2msg-root')!, readBoot());
