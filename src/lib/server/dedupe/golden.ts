// Golden records: ferry.patient_survivors and ferry.golden_values are rebuilt from the
// active merge decisions, so they always say exactly what the decisions say.
import type { DuckDBConnection } from '@duckdb/node-api';

export async function writeGolden(c: DuckDBConnection): Promise<void> {
	await c.run(`delete from ferry.patient_survivors`);
	await c.run(`delete from ferry.golden_values`);
	await c.run(`insert into ferry.patient_survivors
		select patient_id, survivor_id from (
			select unnest(members) as patient_id, survivor_id, id from dedupe.decisions where kind = 'merge' and undone_at is null
		) qualify row_number() over (partition by patient_id order by id desc) = 1`);
	await c.run(`insert into ferry.golden_values
		select d.survivor_id, v.field, v.value from dedupe.decision_values v join dedupe.decisions d on d.id = v.decision_id
		where d.kind = 'merge' and d.undone_at is null
		qualify row_number() over (partition by d.survivor_id, v.field order by d.id desc) = 1`);
}
