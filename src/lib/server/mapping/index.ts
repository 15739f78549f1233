// Mapping: the model, the default Clinic Place map, the SQL compiler into stage views,
// validation, schema sync against Twenty's metadata, exports, staff resolution, proposer.
export * from './model.js';
export { defaultMapping } from './defaults.js';
export { loadMapping, saveMapping, resetMapping, confirmFields, currentMapping, tableRoles, tableWithRole, setTableRole } from './store.js';
export { ROLE_SPECS } from './roles.js';
export { mapAndRoles, sourceLinks, patientChildren, tablePlaying } from './links.js';
export { compileMapping, compileIfChanged } from './compile.js';
export { fillLookups, emailLookup, markdownLookup } from './lookups.js';
export { MarkdownPool } from './markdown.js';
export { makeOptions } from './options.js';
export { validateMapping, validateWithTarget, validateAndCompile, assertConfirmed } from './validate.js';
export { planSchema, readSchemaPlan, applySchemaPlan, planMarkdown, type SchemaPlan } from './schema.js';
export { resolveStaff, invitationList, staffRoster } from './staff.js';
export { mappingCsv, mappingXlsx, toCsv } from './export.js';
export { previewSource } from './preview.js';
export { columnStats, previewTable } from './inspect.js';
export { tableColumns as sourceColumns, tableExists } from './sources.js';
export { proposeMapping, canonical, nameScore, addDataOptions } from './propose.js';
export { setField, unsetField, overrideField } from './edit.js';
export { functionProblem, pinFunctions } from './functions.js';
export { dateSql, datetimeSql, moneyMicrosSql } from './transforms.js';
export { selectValues, mapSelectValue } from './values.js';
