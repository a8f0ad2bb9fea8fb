/**
 * The facts a project is filed with beyond the workflow's input: who invests and how the land was supplied.
 * They decide which Hubei 80/60/40 category fits (government-invested ≤80, social investment ≤60, land sold
 * with an approved design plan and small projects ≤40 working days), so the service checks the three agree.
 */
export const INVESTOR_TYPES = {
  government: '政府投资',
  socialCapital: '社会投资（民间资本）',
  stateOwnedEnterprise: '国有企业投资',
  foreignCapital: '外商投资',
} as const;
export type InvestorType = keyof typeof INVESTOR_TYPES;

export const LAND_SUPPLY_MODES = {
  withDesignPlan: '带方案出让',
  tenderAuctionListing: '招拍挂出让',
  allocation: '划拨',
  existingLand: '存量（自有）用地',
} as const;
export type LandSupplyMode = keyof typeof LAND_SUPPLY_MODES;

/** Why `category` does not fit the investor type and land supply mode, naming the field; null when it fits. */
export function categoryMismatch(
  category: string,
  investorType: InvestorType,
  landSupplyMode: LandSupplyMode,
): { field: string; problem: string } | null {
  if (category === 'governmentInvested' && investorType !== 'government') {
    return { field: 'investorType', problem: "the category governmentInvested needs investorType 'government'" };
  }
  if (category !== 'governmentInvested' && category !== 'smallProject' && investorType === 'government') {
    return {
      field: 'category',
      problem: 'a government-invested project belongs to governmentInvested (or smallProject)',
    };
  }
  if (category === 'landWithDesignPlan' && landSupplyMode !== 'withDesignPlan') {
    return {
      field: 'landSupplyMode',
      problem: "the category landWithDesignPlan needs landSupplyMode 'withDesignPlan'",
    };
  }
  return null;
}
