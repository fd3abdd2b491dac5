/**
 * PUBLIC_URL/widget/adapters/freshdesk.js: imported by the Freshworks app's
 * own page (adapters/freshdesk/app/scripts/app.js) once Freshdesk hands it
 * the client; the page is Freshdesk's, the panel talks to the connector
 * cross-origin (CORS: the app's origin in ALLOWED_ORIGINS).
 */
export { mountFreshdesk } from './freshdesk-adapter';
