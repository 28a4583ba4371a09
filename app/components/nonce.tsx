import { createContext, useContext } from "react";

/**
 * The per-response CSP nonce (set by the HTTP server, app/server/platform/http.server.ts,
 * passed in by entry.server.tsx). Empty in the browser: it only matters for
 * the server-rendered inline scripts.
 */
const NonceContext = createContext<string>("");

export const NonceProvider = NonceContext.Provider;

export function useNonce(): string {
  return useContext(NonceContext);
}
