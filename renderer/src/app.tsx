import { AccountsScreen } from './components/accounts-screen';
import { Sidebar } from './components/sidebar';
import { StatusBar } from './components/status-bar';

export function App() {
  return (
    <div className="app-frame">
      <header className="app-header">
        <h1>Latchkey</h1>
      </header>
      <Sidebar />
      <AccountsScreen />
      <StatusBar />
    </div>
  );
}
