/**
 * Catalog v2 is written as v1 plus its corrections; what it builds must stay the data the definitions built from
 * it were released on. The frozen copy was taken from the hand-written v2 before it was re-expressed.
 */
import { toJson } from '../core/define';
import { suizhouHighTechZoneCatalogV2 } from '.';
import frozen from './__frozen__/suizhou-high-tech-zone-v2.json';

describe('catalog v2', () => {
  it('builds exactly the released data', () => {
    // As JSON, field order included: the snapshots of cases built on it are compared as JSON.
    expect(JSON.stringify(toJson(suizhouHighTechZoneCatalogV2))).toBe(JSON.stringify(frozen));
  });
});
