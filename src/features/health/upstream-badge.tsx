import { useHealth } from './get-health';

/** Says plainly whether the cases come from Khipu or from the embedded simulator. */
export function UpstreamBadge() {
  const { data, isError } = useHealth();
  if (isError) {
    return (
      <span className="badge badge-danger" role="status">
        Servidor no disponible
      </span>
    );
  }
  if (!data) return null;
  return data.upstream === 'simulator' ? (
    <span className="badge badge-warning" title="Sin credenciales: los datos son simulados.">
      Simulador integrado
    </span>
  ) : (
    <span className="badge badge-ok" title="Los datos vienen de la API de Khipu (CEN HUB).">
      API Khipu
    </span>
  );
}
