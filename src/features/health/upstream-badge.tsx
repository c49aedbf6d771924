import { useHealth } from './get-health';
import styles from './upstream-badge.module.css';

/** Says plainly whether the cases come from Khipu or from the embedded simulator. */
export function UpstreamBadge() {
  const { data, isError } = useHealth();
  if (isError) {
    return (
      <span className={`${styles.badge} ${styles.danger}`} role="status">
        Servidor no disponible
      </span>
    );
  }
  if (!data) return null;
  return data.upstream === 'simulator' ? (
    <span
      className={`${styles.badge} ${styles.warning}`}
      title="Sin credenciales: los datos son simulados."
    >
      Simulador integrado
    </span>
  ) : (
    <span
      className={`${styles.badge} ${styles.ok}`}
      title="Los datos vienen de la API de Khipu (CEN HUB)."
    >
      API Khipu
    </span>
  );
}
