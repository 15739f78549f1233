// Mapping: the model, the default Clinic Place map, the SQL compiler into stage views,
// validation, schema sync against Twenty's metadata, exports, staff resolution, proposer.
export * from './model.js';
export { defaultMapping } from './defaults.js';
export {
	loadMapping,
	saveMapping,
	publishConfirmation,
	unconfirmedFields,
	resetMapping,
	confirmFields,
	ensureMapping,
	currentMapping,
	tableRoles,
	tableWithRole,
	setTableRole
} from './store.js';
export { proposeTableRoles, ROLE_SPECS } from './roles.js';
export { compileMapping, sourceSelect, type CompileResult } from './compile.js';
export { stagedLosses, type Loss } from './losses.js';
export { fillLookups, phoneLookup, emailLookup, markdownLookup } from './lookups.js';
export { MarkdownPool, markdownConverter } from './markdown.js';
export { upperSnake, makeOptions } from './options.js';
export {
	validateMapping,
	validateWithTarget,
	validateAndCompile,
	assertConfirmed,
	unusedOptions,
	type Issue,
	type Validation,
	type UnusedOptions
} from './validate.js';
export {
	planSchema,
	readSchemaPlan,
	applySchemaPlan,
	planMarkdown,
	wantedFields,
	alignToTarget,
	alignAndSave,
	optionsUpdate,
	type SchemaPlan,
	type WantedField,
	type OptionUpdate
} from './schema.js';
export { resolveStaff, invitationList, staffRoster, type StaffMatch } from './staff.js';
export { mappingCsv, mappingXlsx, safeCell, toCsv } from './export.js';
export { previewSource } from './preview.js';
export { columnStats, previewTable, type ColumnStat, type PreviewTable } from './inspect.js';

export { tableColumns as sourceColumns, tableExists } from './sources.js';
export { proposeMapping, proposeColumns, canonical, nameScore, addDataOptions, type ColumnProposal } from './propose.js';
export { setField, unsetField, overrideField, resolveFieldRef, type FieldEdit, type FieldOverride } from './edit.js';
export { chooseFunction, functionProblem, pinFunctions } from './functions.js';
export { dateSql, datetimeSql, moneyMicrosSql } from './transforms.js';
export { selectValues, mapSelectValue, type SelectValues, type ValueMapping } from './values.js';
