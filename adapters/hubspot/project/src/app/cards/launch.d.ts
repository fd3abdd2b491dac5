export declare const MODAL: { width: number; height: number; title: string };
export declare function launchPanel(options: {
  fetch: (url: string, init: { method: string; body: unknown }) => Promise<{ ok: boolean; status: number; json(): Promise<any> }>;
  openIframeModal: (modal: { uri: string; width: number; height: number; title: string }) => void;
  connectorUrl: string;
  phone: string | null | undefined;
  objectId?: string | number | null;
}): Promise<string>;
