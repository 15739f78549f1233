// npm run bench:mapping — (0) per export layout of `ferry generate --layout` (other file and
// header names, encodings, date/time/money forms, ids, missing and extra files): table roles
// right (target 100%) and the columns the map reads right with zero edits (target ≥ 95%).
// (1) the proposer on an export Ferry has never seen: a generated
// export whose headers are renamed with synonyms, columns reordered and extra columns added;
// prints the share of columns proposed right first time (target ≥ 90%). (2) compile time of
// the default map into the stage views, and rows staged per second.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const patients = Number(process.env.BENCH_PATIENTS ?? 5_000);
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ferry-bench-mapping-'));
process.env.FERRY_DATA = path.join(root, 'data');

const { generateExport } = await import('../src/lib/server/generate/index.js');
const { openWorkspace, closeAllWorkspaces, ident, literal } = await import('../src/lib/server/db/index.js');
const { importExport } = await import('../src/lib/server/ingest/index.js');
const { proposeMapping, defaultMapping, compileMapping } = await import('../src/lib/server/mapping/index.js');
const { generateLayout, LAYOUTS } = await import('../src/lib/server/generate/layouts.js');
const { scoreLayout } = await import('../src/lib/server/generate/layout-score.js');

const layoutPatients = Number(process.env.BENCH_LAYOUT_PATIENTS ?? 2_000);
for (const name of Object.keys(LAYOUTS)) {
	const dir = path.join(root, `layout-${name}`);
	const lt = await generateLayout({ out: dir, layout: name, patients: layoutPatients, seed: 21 });
	const lws = await openWorkspace(`layout-${name}`, { create: true });
	await importExport(lws, dir);
	const started = performance.now();
	const p = await proposeMapping(lws);
	const ms = performance.now() - started;
	const sc = scoreLayout(lt.layout, p.mapping, p.columns, p.roles);
	const pct = (a: number, b: number) => ((100 * a) / b).toFixed(1);
	console.log(
		`layout ${name} (${layoutPatients.toLocaleString()} patients, ${Object.keys(lt.layout.files).length} files): table roles right ${sc.roles.right}/${sc.roles.total} = ${pct(sc.roles.right, sc.roles.total)}% (target 100%); columns right with zero edits ${sc.columns.right}/${sc.columns.total} = ${pct(sc.columns.right, sc.columns.total)}% (target ≥ 95%); proposed in ${ms.toFixed(0)} ms`
	);
	for (const miss of [...sc.roles.misses, ...sc.columns.misses]) console.log(`  miss: ${miss}`);
}

/** How other practice systems label the same columns (header → variant header). */
const RENAMES: Record<string, Record<string, string>> = {
	patients: {
		'Patient ID': 'Client Number',
		Title: 'Salutation',
		'First Name': 'Given Name',
		'Middle Name': 'Other Names',
		'Last Name': 'Surname',
		'Preferred Name': 'Known As',
		'Date of Birth': 'DOB',
		Sex: 'Gender',
		Email: 'E-mail Address',
		'Mobile Phone': 'Cell',
		'Home Phone': 'Home Tel',
		'Address Line 1': 'Street',
		'Address Line 2': 'Unit',
		City: 'Suburb',
		State: 'Region',
		Postcode: 'Post Code',
		Country: 'Nation',
		'Clinic Location ID': 'Home Clinic',
		'Referring Physician ID': 'Referred By',
		'Billing Status': 'Account Status',
		'Outstanding Balance': 'Balance Owing',
		'Emergency Contact Name': 'Next of Kin',
		'Emergency Contact Phone': 'NOK Phone',
		'Emergency Contact Relationship': 'NOK Relationship',
		'Created At': 'Date Created',
		'Updated At': 'Last Modified'
	},
	appointments: {
		'Appointment ID': 'Appt Ref',
		'Patient ID': 'Client Number',
		'Practitioner ID': 'Clinician',
		'Clinic Location ID': 'Site',
		'Appointment Type': 'Service',
		'Starts At': 'Start Time',
		'Ends At': 'End Time',
		'Duration (min)': 'Length (mins)',
		Status: 'Appointment State',
		'Cancellation Reason': 'Reason for Cancellation',
		Notes: 'Comments'
	},
	clinical_notes: {
		'Note Type': 'Category',
		Title: 'Subject',
		Body: 'Note Text',
		'Created At': 'Date Created',
		'Practitioner ID': 'Clinician'
	},
	invoices: {
		'Invoice Number': 'Invoice No',
		'Issue Date': 'Invoice Date',
		'Amount Billed': 'Invoice Total',
		'Amount Paid': 'Amount Received',
		'Balance Due': 'Amount Owing',
		'Payment Date': 'Date Paid',
		'Payment Method': 'Paid By',
		'Patient ID': 'Client Number'
	},
	referring_physicians: {
		'First Name': 'Given Name',
		'Last Name': 'Surname',
		Phone: 'Telephone',
		Email: 'E-mail',
		'Practice Name': 'Practice'
	},
	locations: { Phone: 'Telephone', 'Address Line 1': 'Street', City: 'Town', Postcode: 'Zip' },
	insurance_providers: { Phone: 'Contact Number', Website: 'Website', City: 'Suburb' },
	staff: {},
	patient_insurance: {},
	attachments: { 'File Name': 'File Name' }
};
const EXTRAS = ['Legacy Code', 'Marketing Opt In', 'Last Modified By'];

let seed = 42;
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const shuffle = <T>(xs: T[]) =>
	xs
		.map((x) => [rnd(), x] as const)
		.sort((a, b) => a[0] - b[0])
		.map(([, x]) => x);

const out = path.join(root, 'export');
let t = performance.now();
await generateExport({ out, patients, seed: 11 });
console.log(`generated ${patients.toLocaleString()} patients in ${((performance.now() - t) / 1000).toFixed(1)} s`);

const ref = await openWorkspace('reference', { create: true });
await importExport(ref, out);

// The variant: every table rewritten with renamed, reordered and extra columns.
const variantDir = path.join(root, 'variant');
fs.mkdirSync(variantDir);
const truth: Array<{ table: string; reference: string; variant: string }> = [];
const extraHeaders: Array<{ table: string; header: string }> = [];
const tables = await ref.all<{ table_name: string }>(
	`select distinct table_name from ferry.snapshot_columns where table_name not like 'automations%'`
);
for (const { table_name: table } of tables) {
	const cols = await ref.all<{ name: string; original_name: string }>(
		`select name, original_name from ferry.snapshot_columns where table_name = $1 order by position`,
		[table]
	);
	const renames = RENAMES[table] ?? {};
	const select = cols.map((c) => {
		const header = renames[c.original_name.replace(/^\uFEFF/, '')] ?? c.original_name.replace(/^\uFEFF/, '');
		truth.push({ table, reference: c.name, variant: header });
		return `${ident(c.name)} as ${ident(header)}`;
	});
	const extras =
		table === 'picklists'
			? []
			: EXTRAS.map((h, i) => {
					extraHeaders.push({ table, header: h });
					return `${i === 1 ? `case when hash(rowid) % 2 = 0 then 'Yes' else 'No' end` : i === 0 ? `'L' || (hash(rowid) % 100000)::varchar` : `'admin'`} as ${ident(h)}`;
				});
	const file = path.join(variantDir, `${table}.csv`);
	// A workspace's DuckDB writes files only in its read folder (issue 18): write there, then move.
	const staged = path.join(ref.readDir, `${table}.csv`);
	await ref.run(
		`copy (select ${shuffle([...select, ...extras]).join(', ')} from (select *, row_number() over () as rowid from raw.${ident(table)})) to ${literal(staged)} (header, delimiter ',')`
	);
	fs.copyFileSync(staged, file);
	fs.rmSync(staged);
}

const ws = await openWorkspace('variant', { create: true });
await importExport(ws, variantDir);
const normalised = new Map(
	(
		await ws.all<{ table_name: string; name: string; original_name: string }>(
			`select table_name, name, original_name from ferry.snapshot_columns`
		)
	).map((r) => [`${r.table_name}\u0000${r.original_name.replace(/^\uFEFF/, '')}`, r.name])
);

t = performance.now();
const { columns } = await proposeMapping(ws);
const proposeMs = performance.now() - t;
let right = 0;
let total = 0;
let renamedRight = 0;
let renamedTotal = 0;
const wrong: string[] = [];
const refUsed = new Set(columns.map((c) => `${c.table}\u0000${c.reference}`));
for (const x of truth) {
	if (!refUsed.has(`${x.table}\u0000${x.reference}`)) continue; // a column the default map never reads
	total++;
	const want = normalised.get(`${x.table}\u0000${x.variant}`);
	const got = columns.find((c) => c.table === x.table && c.reference === x.reference)?.column;
	const renamed = Object.values(RENAMES[x.table] ?? {}).includes(x.variant) && !Object.keys(RENAMES[x.table] ?? {}).includes(x.variant);
	if (renamed) renamedTotal++;
	if (got === want) {
		right++;
		if (renamed) renamedRight++;
	} else wrong.push(`${x.table}.${x.reference}: proposed ${got ?? 'nothing'}, truth ${want}`);
}
for (const e of extraHeaders) {
	if (!(await defaultMapping(ws)).sources.some((s) => s.table === e.table)) continue;
	total++;
	const col = normalised.get(`${e.table}\u0000${e.header}`);
	if (!columns.some((c) => c.table === e.table && c.column === col)) right++;
	else wrong.push(`${e.table}: extra column ${col} was mapped`);
}
console.log(
	`proposer: ${right}/${total} columns proposed right first time = ${((100 * right) / total).toFixed(1)}% (target ≥ 90%) in ${proposeMs.toFixed(0)} ms`
);
console.log(`  of which renamed headers: ${renamedRight}/${renamedTotal}; extra columns left unmapped counted too`);
for (const w of wrong) console.log(`  miss: ${w}`);

// Compile the default map on the reference export (every field confirmed).
const m = await defaultMapping(ref);
for (const s of m.sources) for (const f of s.fields) f.confirmed = true;
t = performance.now();
const cpu0 = process.cpuUsage();
const compiled = await compileMapping(ref, m);
const compileMs = performance.now() - t;
const cpu = process.cpuUsage(cpu0);
const compileCpu = (cpu.user + cpu.system) / 1e6;
t = performance.now();
let staged = 0;
for (const v of compiled.views)
	staged += Number((await ref.one<{ n: bigint }>(`select count(*) as n from (select payload from stage.${ident(v.plural)})`))!.n);
const materialiseMs = performance.now() - t;
console.log(
	`compile (lookups ${compiled.lookups.toLocaleString()} values + views): ${compileMs.toFixed(0)} ms (${compileCpu.toFixed(1)} CPU-s, ${compiled.losses.reduce((n, l) => n + l.rows, 0).toLocaleString()} lost values in ${compiled.losses.length} field-reasons); materialising all ${staged.toLocaleString()} staged payloads: ${materialiseMs.toFixed(0)} ms (${Math.round(staged / (materialiseMs / 1000)).toLocaleString()} payloads/s)`
);
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
await closeAllWorkspaces();
fs.rmSync(root, { recursive: true, force: true });
