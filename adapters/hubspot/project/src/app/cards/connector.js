// Your go2msg connector (its PUBLIC_URL); also list it under permittedUrls in app-hsmeta.json.
export const CONNECTOR_URL = 'https://wa.example.com';
