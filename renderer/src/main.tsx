// Must stay the first import: it configures zod before shared/contract/ builds its schemas.
import './csp-setup';

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { captureTokenFromLocation, createApiClient } from './api-client';
import { App } from './App';
import { ClientContext } from './client-context';
import { tokenFromFragment } from './http-protocol';
import './styles.css';

// Before anything reads the hash: move `#token=…` into sessionStorage and leave `#/`.
captureTokenFromLocation();
const client = createApiClient();
// The printed link pasted into a tab that opened the bare address changes only the hash:
// take the token from it and start again with it.
window.addEventListener('hashchange', () => {
  if (tokenFromFragment(window.location.hash) === null) return;
  captureTokenFromLocation();
  window.location.reload();
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <ClientContext.Provider value={client}>
      <App />
    </ClientContext.Provider>
  </StrictMode>,
);
