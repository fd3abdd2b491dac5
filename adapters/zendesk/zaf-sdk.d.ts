/** zendesk_app_framework_sdk ships no types; the adapter types the part it uses (zendesk-adapter.ts ZafClient). */
declare module 'zendesk_app_framework_sdk' {
  const ZAFClient: { init(callback?: (context: unknown) => void): unknown };
  export default ZAFClient;
}
