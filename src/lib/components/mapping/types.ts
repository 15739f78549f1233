// Shapes the mapping page reads from /api (mirrors src/lib/server/mapping/model.ts).
export interface Option { value: string; label: string; color: string; aliases: string[] }
export interface Field {
	target: string; type: string; label?: string; custom: boolean; unique: boolean; column?: string; sql?: string; transform: string;
	options?: Option[]; relation?: { object: string; entity: string }; required: boolean; confirmed: boolean; confidence?: number; reason?: string;
}
export interface Source {
	id: string; object: string; plural: string; table: string; entity: string; keyColumn: string;
	fields: Field[]; leftOut: Array<{ column: string; why: string }>; notInExport?: Array<{ target: string; why: string }>;
}
export interface TableRole { table: string; role: string; key: string; confidence: number; reason: string; confirmed: boolean; columns: Record<string, string> }
export interface Mapping { region: string; dateOrder: string; zone: string; currency: string; tables?: TableRole[]; sources: Source[] }
export interface Issue { code: string; source?: string; target?: string; message: string; values?: Array<{ value: string; count: number }> }
export interface Validation { errors: Issue[]; warnings: Issue[]; targetChecked: boolean }
export interface SchemaPlan {
	createObjects: Array<{ nameSingular: string; labelSingular: string }>;
	createFields: Array<{ object: string; name: string; type: string; label: string; options?: Option[]; relation?: { object: string } }>;
	conflicts: Array<{ object: string; field?: string; message: string }>;
}
export interface StaffMatch { staffId: string; name: string; email: string | null; memberId: string | null; status: string }
export { TRANSFORMS } from '$lib/shared/transforms';
export const TABLE_ROLES = ['patients', 'appointments', 'notes', 'invoices', 'locations', 'insurers', 'physicians', 'staff', 'attachments', 'patientInsurers', 'picklists', 'automations', 'other'];
export interface ColumnStat { column: string; fill: number; samples: string[] }
export interface PreviewTable { columns: string[]; rows: Array<{ sourceKey: string; payload: string; cells: Record<string, string> }> }
