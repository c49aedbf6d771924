import { UpstreamBadge } from '@/features/health/upstream-badge';

export function App() {
  return (
    <div className="app">
      <header className="app-header">
        <div>
          <h1>Disconformidades CEN</h1>
          <p className="app-subtitle">
            Disconformidades de instrucciones de pago del Coordinador Eléctrico Nacional, por RUT
            deudor y fecha de creación del caso.
          </p>
        </div>
        <UpstreamBadge />
      </header>
      <main className="app-main">
        <section className="empty-state" aria-labelledby="empty-title">
          <h2 id="empty-title">Sin consulta</h2>
          <p>Aún no se ha consultado ningún RUT deudor.</p>
        </section>
      </main>
    </div>
  );
}
