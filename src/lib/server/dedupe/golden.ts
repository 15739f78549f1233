// Golden records: ferry.patient_survivors and ferry.golden_values follow the active merge
// decisions. A decision or undo refreshes only the patient ids it touched; a full rebuild
// is for bulk changes (auto-merge).
import type { DuckDBConnection } from '@duckdb/node-api';

const SURVIVORS = `select patient_id, survivor_id from (
		select unnest(members) as patient_id, survivor_id, id from dedupe.decisions where kind = 'merge' and undone_at is null
	) qualify row_number() over (partition by patient_id order by id desc) = 1`;

const VALUES = `select d.survivor_id, v.field, v.value from dedupe.decision_values v join dedupe.decisions d on d.id = v.decision_id
	where d.kind = 'merge' and d.undone_at is null
	qualify row_number() over (partition by d.survivor_id, v.field order by d.id desc) = 1`;

export async function writeGolden(c: DuckDBConnection): Promise<void> {
	await c.run(`delete from ferry.patient_survivors`);
	await c.run(`delete from ferry.golden_values`);
	await c.run(`insert into ferry.patient_survivors ${SURVIVORS}`);
	await c.run(`insert into ferry.golden_values ${VALUES}`);
}

/** Refreshes the rows of the patient ids that the given decisions hold (a survivor is always one of them). */
export async function refreshGolden(c: DuckDBConnection, decisionIds: number[]): Promise<void> {
	if (!decisionIds.length) return;
	await c.run(`create or replace temp table touched as
		select distinct unnest(members) as patient_id from dedupe.decisions where id in (${decisionIds.map(Number).join(', ')})`);
	await c.run(`delete from ferry.patient_survivors where patient_id in (select patient_id from touched)`);
	await c.run(`delete from ferry.golden_values where survivor_id in (select patient_id from touched)`);
	await c.run(`insert into ferry.patient_survivors select * from (${SURVIVORS}) where patient_id in (select patient_id from touched)`);
	await c.run(`insert into ferry.golden_values select * from (${VALUES}) where survivor_id in (select patient_id from touched)`);
	await c.run(`drop table touched`);
}
