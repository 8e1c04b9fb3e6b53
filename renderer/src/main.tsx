import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { pickBridge } from './bridge/pick-bridge';
import { loadAppInfo } from './stores/app-info-store';
import { followLaunchRequests } from './stores/launch-store';
import './styles.css';

const api = pickBridge();
followLaunchRequests(api);
void loadAppInfo(api);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
