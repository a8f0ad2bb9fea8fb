export { snowNewMaterialsScenario, copperFoilScenario, type SeedScenario } from './seed-projects';
export { workingDay } from './scenario-clock';
