import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import '@/index.css';
import { App } from '@/App';
import { queryClient } from '@/lib/query';
import { resumeSession, useAuth } from '@/store/auth';

// Someone signed in before the reload: fetch an access token through the session cookie.
resumeSession();
// What one user read is never shown to the next one on this browser.
useAuth.subscribe((now, before) => {
  if (now.user?.id !== before.user?.id) queryClient.clear();
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BrowserRouter>
      <App />
    </BrowserRouter>
  </StrictMode>,
);
