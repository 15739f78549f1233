// Known internal conditions (DuckDB catalog and lock errors, an unreachable target) put in words a
// person can act on: what happened and what to do. One map for every route and job, instead of
// each page patching the strings it happens to meet. Anything not known keeps its own message.
import { FerryError, type ErrorStatus } from './errors.js';

export interface PlainError {
	message: string;
	status: ErrorStatus;
}

/** The step that makes the tables of each schema: what a person does when one is missing. */
const MADE_BY: Record<string, string> = {
	stage:
		'The mapping has not been compiled yet, so nothing is staged. On the Mapping page confirm every object and press "Compile stage views", then try again.',
	mapping:
		'The mapping has not been compiled yet. On the Mapping page confirm every object and press "Compile stage views", then try again.',
	loader: 'Nothing has been frozen or pushed yet. Freeze a sample or the whole migration on the Load page first.',
	dedupe: 'Duplicates have not been searched for yet. Run the search on the Duplicates page first.',
	delta: 'No delta has been worked out yet. Import the later export, then open the Delta page.',
	profile: 'This snapshot has not been profiled yet. Open the Profile page first.'
};

type Rule = { test: RegExp; plain: (m: RegExpExecArray) => PlainError };

const RULES: Rule[] = [
	{
		// Catalog Error: Table with name "stage.plan" does not exist because schema "stage" does not exist.
		// Catalog Error: Table with name people does not exist! … LINE 1: select * from stage.people
		test: /Catalog Error: (?:Table|View|Table or View|Schema) with name "?([\w.]+)"? does not exist/i,
		plain: (m) => {
			const [named, table] = m[1].includes('.') ? m[1].split('.') : [undefined, m[1]];
			const schema = (
				named ??
				new RegExp(`\\b([a-z_]+)\\."?${table}\\b`).exec(m.input)?.[1] ??
				(MADE_BY[table] ? table : '')
			).toLowerCase();
			if (schema === 'raw')
				return {
					status: 409,
					message: `The current snapshot has no table '${table}'. Import an export that has it, or make a snapshot that has it current (Home).`
				};
			return {
				status: 409,
				message:
					MADE_BY[schema] ??
					`A table this step needs (${table}) is not in the workspace yet: do the earlier steps first (Home names the next one).`
			};
		}
	},
	{
		test: /IO Error: Could not set lock on file/i,
		plain: () => ({
			status: 409,
			message:
				'The workspace is open in another Ferry process (a `ferry` command or a second server). Let it finish or stop it, then try again.'
		})
	},
	{
		test: /Out of Memory Error/i,
		plain: () => ({
			status: 503,
			message:
				'The database ran out of memory on this step. Close other work on this machine (or other Ferry processes) and try again; very large exports may need more memory.'
		})
	},
	{
		test: /INTERRUPT Error|Interrupted!/i,
		plain: () => ({
			status: 409,
			message: 'The step was cancelled before it finished (the page was closed or a newer request replaced it). Start it again.'
		})
	},
	{
		test: /\b(?:ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT)\b|^fetch failed/,
		plain: (m) => ({
			status: 503,
			message: `Twenty could not be reached (${/\b(ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT)\b/.exec(m.input)?.[1] ?? 'no answer'}). Check the target's address on Home and that the Twenty server is running, then try again.`
		})
	}
];

/** The plain sentence for a known internal condition, or undefined when the error is not one. */
export function plainError(err: unknown): PlainError | undefined {
	if (err instanceof FerryError) return undefined;
	const text = err instanceof Error ? `${err.message} ${err.cause instanceof Error ? err.cause.message : ''}` : String(err);
	for (const r of RULES) {
		const m = r.test.exec(text);
		if (m) return r.plain(m);
	}
	return undefined;
}

/** What a failed job says on the page: the plain sentence when the condition is known, else its message. */
export function plainMessage(err: unknown): string {
	return plainError(err)?.message ?? (err instanceof Error ? err.message : String(err));
}
