// Participants of the Chilean electricity market (CEN coordinated companies) used as
// creditors and debtors in the simulated data. Check digits are computed, so every RUT
// is valid módulo 11.
import { computeDv } from '../../src/lib/rut';

export interface Participant {
  body: string;
  dv: string;
  name: string;
}

const NAMES: readonly (readonly [string, string])[] = [
  ['91081000', 'Enel Generación Chile S.A.'],
  ['96505760', 'Colbún S.A.'],
  ['94272000', 'AES Andes S.A.'],
  ['88006900', 'Engie Energía Chile S.A.'],
  ['76555400', 'Transelec S.A.'],
  ['96800570', 'Enel Distribución Chile S.A.'],
  ['76412562', 'Empresa Eléctrica Guacolda S.A.'],
  ['96719210', 'Compañía General de Electricidad S.A.'],
  ['76676750', 'Pehuenche S.A.'],
  ['96717620', 'Empresa Eléctrica Pilmaiquén S.A.'],
  ['76004976', 'Parque Eólico Los Cururos S.p.A.'],
  ['76319477', 'Generadora Metropolitana S.p.A.'],
  ['76201449', 'Acciona Energía Chile Holdings S.A.'],
  ['76247976', 'Statkraft Chile Inversiones Eléctricas Ltda.'],
  ['96589170', 'Tamakaya Energía S.p.A.'],
  ['76418918', 'Sociedad Austral de Electricidad S.A.'],
  ['99528750', 'Empresa Eléctrica Cochrane S.p.A.'],
  ['76120450', 'Solar Ñuble S.p.A.'],
  ['77302440', 'Hidroeléctrica Ñuñoa del Maule S.A.'],
  ['76852325', 'Eólica "La Cumbre" S.p.A.'],
  ['76999999', 'Empresa Eléctrica del Norte Grande S.A.'],
];

export const PARTICIPANTS: readonly Participant[] = NAMES.map(([body, name]) => ({
  body,
  dv: computeDv(body),
  name,
}));

const BY_BODY = new Map(PARTICIPANTS.map((p) => [p.body, p]));

/** The debtor as the data names it: a known participant, or a generic company name. */
export function debtorFor(body: string): Participant {
  return (
    BY_BODY.get(body) ?? {
      body,
      dv: computeDv(body),
      name: `Empresa Generadora ${body.slice(0, 2)}.${body.slice(2, 5)} S.p.A.`,
    }
  );
}
