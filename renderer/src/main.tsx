// Must stay the first import: it configures zod before shared/contract.ts builds its schemas.
import './csp-setup';

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { captureTokenFromLocation, createApiClient } from './api-client';
import { App } from './App';
import { ClientContext } from './client-context';
import './styles.css';

// Before anything reads the hash: move `#token=…` into sessionStorage and leave `#/`.
captureTokenFromLocation();
const client = createApiClient();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <ClientContext.Provider value={client}>
      <App />
    </ClientContext.Provider>
  </StrictMode>,
);
