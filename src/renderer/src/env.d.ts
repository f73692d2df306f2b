import type { HubApi } from '../../shared/api';

declare global {
  interface Window {
    /** Present in the Electron app (preload); absent in a browser, where the WebSocket carrier is used. */
    hub?: HubApi;
  }
}
export {};
