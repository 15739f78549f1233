// Loader settings: defaults from TWENTY.md and the v2.19 recordings, overridable per run;
// validated like every input. The schema is the shared contract (contracts/loader.ts).
export { pushSettingsSchema, type PushSettings, type PushSettingsInput } from '../../shared/contracts/loader.js';
