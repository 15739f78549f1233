// Every /api route with its contract: the zod schemas of its query and body, and of the JSON it
// answers with (null for downloads, Arrow pages and event streams). The server parses requests
// with these schemas; the browser client parses answers with them; a test holds every answer
// the API tests get to them, so a drift fails.
import { z } from 'zod';
import * as common from './common.js';
import * as dedupe from './dedupe.js';
import * as delta from './delta.js';
import * as jobs from './jobs.js';
import * as loader from './loader.js';
import * as mapping from './mapping.js';
import * as notebook from './notebook.js';
import * as profile from './profile.js';
import * as recipes from './recipes.js';
import * as ws from './workspaces.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Route<
	A extends z.ZodType | null = z.ZodType | null,
	B extends z.ZodType | undefined = z.ZodType | undefined,
	Q extends z.ZodType | undefined = z.ZodType | undefined
> {
	method: Method;
	/** Under /api, with :params (`/workspaces/:ws/mapping`). */
	path: string;
	body?: B;
	query?: Q;
	/** The JSON answer on success; null when the answer is not JSON (a file, Arrow, events). */
	answer: A;
}

const r = <A extends z.ZodType | null, B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined>(
	method: Method,
	path: string,
	answer: A,
	io: { body?: B; query?: Q } = {}
): Route<A, B, Q> => ({ method, path, answer, ...io });

const W = '/workspaces/:ws';

export const routes = {
	health: r('GET', '/health', z.object({ ok: z.literal(true) })),
	// Workspaces, snapshots, imports, jobs
	workspaces: r('GET', '/workspaces', ws.WorkspaceList),
	createWorkspace: r('POST', '/workspaces', ws.Created, { body: ws.CreateWorkspace }),
	workspace: r('GET', W, ws.WorkspaceOverview),
	snapshots: r('GET', `${W}/snapshots`, ws.SnapshotList),
	snapshot: r('GET', `${W}/snapshots/:id`, ws.SnapshotSummary),
	snapshotDependents: r('GET', `${W}/snapshots/:id/dependents`, ws.Dependents),
	makeCurrent: r('POST', `${W}/snapshots/:id/current`, ws.MadeCurrent),
	deleteSnapshot: r('DELETE', `${W}/snapshots/:id`, ws.Deleted),
	rejects: r('GET', `${W}/snapshots/:id/rejects`, ws.RejectsAnswer, { query: ws.RejectsQuery }),
	fixReject: r('POST', `${W}/snapshots/:id/rejects/fix`, ws.RejectResolution, { body: ws.RejectFixRequest }),
	dropReject: r('POST', `${W}/snapshots/:id/rejects/drop`, ws.RejectResolution, { body: ws.RejectDropRequest }),
	snapshotColumns: r('GET', `${W}/snapshots/:id/columns`, ws.ColumnsAnswer, { query: ws.ColumnsQuery }),
	audit: r('GET', `${W}/audit`, ws.AuditAnswer, { query: ws.AuditQuery }),
	signoff: r('GET', `${W}/signoff`, ws.SignOff),
	patient: r('GET', `${W}/patients/:id`, ws.PatientTrail),
	importPath: r('POST', `${W}/imports`, z.union([common.JobStarted, ws.ImportResult]), { body: ws.PathImport }),
	/** The same route with the export's files as multipart (client/upload.ts, for its progress). */
	importUpload: r('POST', `${W}/imports`, z.union([common.JobStarted, ws.ImportResult])),
	workspaceJobs: r('GET', `${W}/jobs`, jobs.JobsAnswer),
	job: r('GET', '/jobs/:id', jobs.JobAnswer),
	// Target
	target: r('GET', `${W}/target`, ws.TargetInfo),
	setTarget: r('PUT', `${W}/target`, ws.TargetInfo, { body: ws.SetTarget }),
	sandbox: r('POST', `${W}/target/sandbox`, ws.TargetInfo, { body: ws.SandboxRequest }),
	checkTarget: r('GET', `${W}/target/check`, ws.TargetCheck),
	// Query and notebooks
	query: r('POST', `${W}/query`, null, { body: notebook.QueryRequest }),
	notebooks: r('GET', `${W}/notebooks`, notebook.NotebookList),
	notebook: r('GET', `${W}/notebooks/:name`, notebook.NotebookFile),
	saveNotebook: r('PUT', `${W}/notebooks/:name`, notebook.NotebookFile, { body: notebook.SaveNotebook }),
	runNotebook: r('POST', `${W}/notebooks/:name/run`, notebook.RunReport, { body: notebook.RunNotebook }),
	viewRows: r('GET', `${W}/views/:view/rows`, null, { query: notebook.RowsQuery }),
	viewStats: r('GET', `${W}/views/:view/stats`, notebook.ViewStats),
	schema: r('GET', `${W}/schema`, notebook.SchemaAnswer),
	// Profile
	profileTables: r('GET', `${W}/profile/tables`, profile.TablesAnswer),
	profileTable: r('GET', `${W}/profile/tables/:table`, profile.TableProfile),
	profileChecks: r('GET', `${W}/profile/checks`, profile.Checks),
	// Mapping
	mapping: r('GET', `${W}/mapping`, mapping.Mapping),
	saveMapping: r('PUT', `${W}/mapping`, mapping.Mapping, { body: mapping.Mapping }),
	proposeMapping: r('POST', `${W}/mapping/propose`, mapping.ProposeAnswer),
	resetMapping: r('POST', `${W}/mapping/reset`, mapping.Mapping),
	confirmMapping: r('POST', `${W}/mapping/confirm`, mapping.ChangedAnswer, { body: mapping.ConfirmRequest }),
	overrideField: r('PATCH', `${W}/mapping/field`, mapping.Mapping, { body: mapping.FieldOverride }),
	tableRoles: r('GET', `${W}/mapping/tables`, z.array(mapping.TableRole)),
	setTableRole: r('PUT', `${W}/mapping/tables/:table`, mapping.TableRoleAnswer, { body: mapping.TableRoleRequest }),
	setField: r('POST', `${W}/mapping/fields/set`, mapping.FieldSetAnswer, { body: mapping.FieldSetRequest }),
	unsetField: r('POST', `${W}/mapping/fields/unset`, mapping.FieldUnsetAnswer, { body: mapping.FieldUnsetRequest }),
	selectValues: r('GET', `${W}/mapping/values`, mapping.SelectValuesAnswer, { query: mapping.SelectValuesQuery }),
	mapSelectValue: r('POST', `${W}/mapping/values`, mapping.SelectValuesAnswer, { body: mapping.ValueMapRequest }),
	mappingFunctions: r('GET', `${W}/mapping/functions`, mapping.FunctionsAnswer),
	mappingColumns: r('GET', `${W}/mapping/columns`, mapping.ColumnsAnswer),
	mappingValidation: r('GET', `${W}/mapping/validation`, mapping.ValidationAnswer),
	mappingPreview: r('GET', `${W}/mapping/preview`, mapping.PreviewAnswer, { query: mapping.PreviewQuery }),
	columnStats: r('GET', `${W}/mapping/columns/:table/stats`, mapping.ColumnStatsAnswer),
	previewTable: r('GET', `${W}/mapping/preview/table`, mapping.PreviewTable, { query: mapping.PreviewQuery }),
	compile: r('POST', `${W}/mapping/compile`, mapping.CompileAnswer),
	mappingReady: r('GET', `${W}/mapping/ready`, mapping.ReadyAnswer),
	schemaPlan: r('GET', `${W}/mapping/schema`, mapping.SchemaPlan),
	schemaPlanMd: r('GET', `${W}/mapping/schema.md`, null),
	applySchema: r('POST', `${W}/mapping/schema/apply`, mapping.SchemaApplyAnswer, { body: mapping.SchemaApplyRequest }),
	mappingCsv: r('GET', `${W}/mapping/export.csv`, null),
	mappingXlsx: r('GET', `${W}/mapping/export.xlsx`, null),
	staff: r('POST', `${W}/mapping/staff`, mapping.StaffAnswer),
	invitations: r('GET', `${W}/mapping/staff/invitations.csv`, null),
	// Loader
	batches: r('GET', `${W}/loader/batches`, loader.BatchList),
	freeze: r('POST', `${W}/loader/batches`, loader.BatchList, { body: loader.FreezeRequest }),
	batchRecords: r('GET', `${W}/loader/batches/:id/records`, loader.RecordsAnswer, { query: loader.RecordsQuery }),
	approveBatch: r('POST', `${W}/loader/batches/:id/approve`, loader.BatchSummary, { body: loader.ApproveRequest }),
	batchLosses: r('GET', `${W}/loader/batches/:id/losses`, loader.BatchLosses),
	acknowledgeLosses: r('POST', `${W}/loader/batches/:id/acknowledge`, loader.BatchSummary, { body: loader.AcknowledgeRequest }),
	excludeRecords: r('POST', `${W}/loader/batches/:id/exclude`, loader.BatchSummary, { body: loader.ExcludeRequest }),
	fixRecord: r('PUT', `${W}/loader/batches/:id/records/:key`, loader.BatchRecord, { body: loader.FixRequest }),
	runs: r('GET', `${W}/loader/runs`, z.array(loader.RunRecord)),
	startRun: r('POST', `${W}/loader/runs`, loader.RunStarted, { body: loader.RunRequest }),
	failedRecord: r('GET', `${W}/loader/runs/:id/failures/:key`, loader.FailedRecord),
	retryFailed: r('POST', `${W}/loader/runs/:id/retry`, loader.RunStarted, { body: loader.RetryRequest }),
	run: r('GET', `${W}/loader/runs/:id`, loader.RunAnswer),
	resumeRun: r('POST', `${W}/loader/runs/:id/resume`, loader.RunStarted, { body: loader.ResumeRequest }),
	pauseRun: r('POST', `${W}/loader/runs/:id/pause`, loader.RunProgress),
	continueRun: r('POST', `${W}/loader/runs/:id/continue`, loader.RunProgress),
	cancelRun: r('POST', `${W}/loader/runs/:id/cancel`, loader.RunProgress),
	rollbackRun: r('POST', `${W}/loader/runs/:id/rollback`, common.JobIdStarted, { body: loader.RollbackRequest }),
	runEvents: r('GET', `${W}/loader/runs/:id/events`, null),
	readback: r('POST', `${W}/loader/readback`, common.JobIdStarted, { body: loader.ReadbackRequest }),
	report: r('GET', `${W}/loader/report`, loader.ValidationReport, { query: loader.ReportQuery }),
	diff: r('GET', `${W}/loader/diff`, loader.DiffAnswer, { query: loader.DiffQuery }),
	// Dedupe
	dedupeSettings: r('GET', `${W}/dedupe/settings`, dedupe.SettingsAnswer),
	saveDedupeSettings: r('PUT', `${W}/dedupe/settings`, dedupe.DedupeSettings, { body: dedupe.DedupeSettings }),
	dedupeCounts: r('POST', `${W}/dedupe/counts`, dedupe.CountsAnswer, { body: dedupe.CountsRequest }),
	dedupeRun: r('POST', `${W}/dedupe/run`, dedupe.RunResult),
	dedupeStatus: r('GET', `${W}/dedupe/status`, dedupe.StatusAnswer),
	dedupeQueue: r('GET', `${W}/dedupe/queue`, dedupe.QueueAnswer, { query: dedupe.QueueQuery }),
	cluster: r('GET', `${W}/dedupe/clusters/:id`, dedupe.ClusterDetail),
	decisions: r('GET', `${W}/dedupe/decisions`, z.array(dedupe.DecisionRow), { query: dedupe.DecisionsQuery }),
	decide: r('POST', `${W}/dedupe/decisions`, dedupe.DecisionRow, { body: dedupe.Decision }),
	undo: r('POST', `${W}/dedupe/undo`, dedupe.DecisionRow, { body: dedupe.UndoRequest }),
	autoMergeCount: r('GET', `${W}/dedupe/auto-merge`, dedupe.AutoMergeCount, { query: dedupe.AutoMergeQuery }),
	autoMerge: r('POST', `${W}/dedupe/auto-merge`, dedupe.AutoMerged, { body: dedupe.AutoMergeRequest }),
	dedupeRecipe: r('GET', `${W}/dedupe/recipe`, dedupe.DedupeRecipe),
	dedupeReplay: r('POST', `${W}/dedupe/recipe/replay`, dedupe.ReplayAnswer, { body: dedupe.DedupeRecipe }),
	// Delta
	delta: r('GET', `${W}/delta`, delta.DeltaSummary, { query: delta.Pair }),
	detectDelta: r('POST', `${W}/delta`, delta.DeltaSummary, { body: delta.Pair.default({}) }),
	deltaMoves: r('GET', `${W}/delta/moves`, z.array(delta.DeltaMove)),
	freezeDelta: r('POST', `${W}/delta/freeze`, delta.DeltaFreeze),
	deltaBatches: r('GET', `${W}/delta/batches`, z.array(delta.DeltaBatch)),
	pushDelta: r('POST', `${W}/delta/push`, common.JobStarted),
	rollbackDelta: r('POST', `${W}/delta/rollback`, common.JobStarted, { body: delta.RollbackRequest }),
	deltaRecords: r('GET', `${W}/delta/:table`, delta.DeltaRecords, { query: delta.RecordsQuery }),
	// Recipes and the rebuild reference
	recipes: r('GET', '/recipes', recipes.RecipeList),
	recipe: r('GET', '/recipes/:name', recipes.Recipe),
	saveRecipe: r('POST', `${W}/recipes`, recipes.SavedRecipe, { body: recipes.SaveRecipe }),
	recipeCode: r('GET', `${W}/recipes/:name/code`, recipes.RecipeCode),
	replay: r('POST', `${W}/recipes/:name/replay`, z.union([common.JobStarted, recipes.ReplaySummary]), { body: recipes.ReplayRequest }),
	rebuildReference: r('GET', `${W}/rebuild-reference`, recipes.RebuildAnswer, { query: recipes.RebuildQuery })
} as const;

export type Routes = typeof routes;
export type RouteName = keyof Routes;
/** The parsed answer of a route. */
export type AnswerOf<R extends Route> = NonNullable<R['answer']> extends z.ZodType ? z.output<NonNullable<R['answer']>> : never;
/** What a caller sends as a route's body (before defaults). */
export type BodyOf<R extends Route> = NonNullable<R['body']> extends z.ZodType ? z.input<NonNullable<R['body']>> : never;
export type QueryOf<R extends Route> = R['query'] extends z.ZodType
	? Partial<Record<keyof z.input<R['query']> & string, string | number | boolean | undefined>>
	: never;

/** The route a request goes to, by method and path (both as the server sees them, path under /api). */
export function routeFor(method: string, path: string): Route | undefined {
	const got = path.replace(/\/+$/, '').split('/');
	let best: { route: Route; literals: number } | undefined;
	for (const route of Object.values(routes) as Route[]) {
		const want = route.path.split('/');
		if (route.method !== method.toUpperCase() || want.length !== got.length) continue;
		if (!want.every((w, i) => (w.startsWith(':') ? got[i] !== '' : w === got[i]))) continue;
		// Literal segments win over :params (delta/moves before delta/:table), as in the server.
		const literals = want.filter((w) => !w.startsWith(':')).length;
		if (!best || literals > best.literals) best = { route, literals };
	}
	return best?.route;
}

/** `/workspaces/:ws/mapping` with { ws: 'a' } → `/workspaces/a/mapping` (each value URI-encoded). */
export function pathOf(route: Route, params: Record<string, string | number> = {}): string {
	return route.path.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
		if (params[name] === undefined) throw new Error(`${route.path}: give the ${name} parameter`);
		return encodeURIComponent(String(params[name]));
	});
}
