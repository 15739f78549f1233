import type { ObjectDef } from '../types.js';
import { V1_5_OBJECTS } from './v1.5.js';
import { V2_20_OBJECTS } from './v2.20.js';

export { V1_5_OBJECTS, V2_20_OBJECTS };

/**
 * The v2.43 standard definition [TWENTY.md §4.3] matches the recorded 2.20 server for the
 * nine objects Ferry uses (person without city/xLink, company with annualRevenue and without
 * employees/idealCustomerProfile), so "current" reuses the recorded list.
 */
export const CURRENT_OBJECTS: ObjectDef[] = V2_20_OBJECTS;
