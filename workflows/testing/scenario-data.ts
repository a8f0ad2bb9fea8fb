/** Data shared by scenarios and tests. */
export const FOUNDATION_APPLICATION = {
  landContractSignedAndPaid: true,
  foundationDrawingsReviewed: false,
  drawingStabilityCommitment: true,
  contractorEngaged: true,
  supervisorEngaged: true,
  fundsCommitmentSigned: true,
  qualitySafetyMeasures: true,
  unitWorks: [{ name: '1#生产厂房', area: 18000, includesSuperstructure: true }],
};
