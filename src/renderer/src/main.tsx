import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { connectStores } from './stores/bridge';
import './styles.css';

connectStores();
createRoot(document.getElementById('root')!).render(<App />);
