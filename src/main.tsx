// The tokens and the page frame first: the components' modules come after them.
import './app/app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { preparePageWorker } from '@/features/fetching/worker/page-transport';
import { App } from './app/App';
import { AppProviders } from './app/providers';
import { idlePeriod } from './lib/idle';
import { warmConnections } from './lib/warm-connections';

const root = document.getElementById('root');
if (!root) throw new Error('Falta el elemento #root');

preparePageWorker();
void idlePeriod().then(() => warmConnections());

createRoot(root).render(
  <StrictMode>
    <AppProviders>
      <App />
    </AppProviders>
  </StrictMode>,
);
