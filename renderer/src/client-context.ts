import { createContext, useContext } from 'react';

import type { ApiClient } from './api-client';

export const ClientContext = createContext<ApiClient | null>(null);

/** The API client of the page (Electron preload or loopback HTTP). */
export function useClient(): ApiClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('useClient() needs a <ClientContext.Provider> above it');
  return client;
}
