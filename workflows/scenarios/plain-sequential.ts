/**
 * When the full construction permit would come under the plain sequential process: every item up to and
 * including the construction permit one after another, each taking its promised time limit, from the start.
 */
import type { Catalog } from '../catalog/types';
import { suizhouHighTechZoneCatalog } from '../catalog';
import { defaultCalendar } from '../calendar';

export function plainSequentialPermitDate(
  startDate: string,
  catalog: Catalog = suizhouHighTechZoneCatalog,
): { date: string; workingDays: number } {
  const items = catalog.items.filter((i) => i.stage !== 'completionAcceptance');
  const workingDays = items.reduce(
    (sum, i) => sum + (i.promisedLimit.unit === 'workingDays' ? i.promisedLimit.amount : 0),
    0,
  );
  return { date: defaultCalendar.addWorkingDays(startDate, workingDays).date, workingDays };
}
