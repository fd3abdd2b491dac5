export declare const MODAL: { width: number; height: number; title: string };
export declare const TICKET_TYPE_ID: string;
export declare function phoneProperties(objectTypeId: string | null | undefined): string[];
export declare function phoneFrom(
  properties: Record<string, string | null | undefined> | null | undefined,
  objectTypeId: string | null | undefined,
): string | null;
export declare function launchPanel(options: {
  fetch: (url: string, init: { method: string; body: unknown }) => Promise<{ ok: boolean; status: number; json(): Promise<any> }>;
  openIframeModal: (modal: { uri: string; width: number; height: number; title: string }) => void;
  connectorUrl: string;
  phone: string | null | undefined;
  objectId?: string | number | null;
  objectTypeId?: string | null;
}): Promise<string>;
