// Every row of the default map runs the sample export through the compiled stage views, and
// the payloads are accepted by the sandbox after schema sync.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workspace } from '../../src/lib/server/db/index.js';
import { importExport } from '../../src/lib/server/ingest/index.js';
import {
	applySchemaPlan,
	assertConfirmed,
	compileMapping,
	confirmFields,
	loadMapping,
	readSchemaPlan,
	resolveStaff,
	planMarkdown,
	invitationList
} from '../../src/lib/server/mapping/index.js';
import { CONFIRMED_MAP_SETTING } from '../../src/lib/server/loader/index.js';
import { createSandbox, type Sandbox } from '../../src/lib/server/sandbox/index.js';
import { createTwentyClient, type TwentyClient } from '../../src/lib/server/twenty/index.js';
import { freshWorkspace } from '../helpers.js';

let ws: Workspace;
let sb: Sandbox;
let client: TwentyClient;
let uninvited: string;

beforeAll(async () => {
	ws = await freshWorkspace('map');
	await importExport(ws, path.resolve('data/sample'));
	// One staff member with an email has no Twenty account: the invitation list names them.
	uninvited = (await ws.one<{ id: string }>(`select min(staff_id) as id from raw.staff where email like '%@%'`))!.id;
	const staff = await ws.all<{ email: string; firstName: string; lastName: string }>(
		`select distinct lower(trim(email)) as email, first_name as "firstName", last_name as "lastName" from raw.staff where email like '%@%' and staff_id <> $1`,
		[uninvited]
	);
	sb = createSandbox({ members: staff });
	sb.setRateLimit(false);
	client = createTwentyClient({
		url: 'http://sandbox.local',
		apiKey: sb.apiKey,
		fetch: ((input: string, init?: RequestInit) => sb.app.fetch(new Request(input, init))) as typeof fetch
	});
}, 30_000);
afterAll(() => sb?.reset());

const rows = (sql: string) => ws.all<{ id: string; source_key: string; payload: string }>(sql);
const body = (r: { id: string; payload: string }) => ({ id: r.id, ...JSON.parse(r.payload) });

describe('default map against the sandbox', () => {
	it('blocks while fields are unconfirmed, then compiles every view', async () => {
		await loadMapping(ws);
		await expect(assertConfirmed(ws)).rejects.toThrow(/not confirmed: \d+ field\(s\) unconfirmed/);
		await confirmFields(ws, { confirmed: true });
		await assertConfirmed(ws);
		const r = await compileMapping(ws, await loadMapping(ws));
		expect(r.views.map((v) => v.plural).sort()).toEqual([
			'attachments',
			'companies',
			'noteTargets',
			'notes',
			'payments',
			'people',
			'taskTargets',
			'tasks'
		]);
		const plan = await ws.all<{ plural: string; step: number }>('select plural, step from stage.plan');
		expect(plan.find((p) => p.plural === 'payments')?.step).toBe(6);
		const counts = Object.fromEntries(
			await Promise.all(
				r.views.map(async (v) => [v.plural, Number((await ws.one<{ n: bigint }>(`select count(*) as n from stage."${v.plural}"`))!.n)])
			)
		);
		expect(counts.companies).toBe(
			Number(
				(await ws.one<{ n: bigint }>('select (select count(*) from raw.locations) + (select count(*) from raw.insurance_providers) as n'))!
					.n
			)
		);
		expect(counts.people).toBe(500 + Number((await ws.one<{ n: bigint }>('select count(*) as n from raw.referring_physicians'))!.n));
		for (const p of ['tasks', 'notes', 'payments', 'taskTargets', 'noteTargets', 'attachments']) expect(counts[p]).toBeGreaterThan(0);
	}, 30_000);

	it('publishes the confirmed map for the loader to stamp and check; one unconfirmed field withdraws it until confirmed again', async () => {
		const confirmed = () => ws.setting(CONFIRMED_MAP_SETTING);
		const hash = await confirmed();
		expect(hash).toMatch(/^[0-9a-f]{32}$/);
		const m = await loadMapping(ws);
		const field = { source: m.sources[0].id, target: m.sources[0].fields[0].target };
		await confirmFields(ws, { ...field, confirmed: false });
		expect(await confirmed()).toBe('');
		await confirmFields(ws, { ...field, confirmed: true });
		expect(await confirmed()).toBe(hash);
	});

	it('shapes composite fields and transforms as Twenty expects', async () => {
		const p = body((await rows(`select * from stage.people where source_key = 'patient:100001'`))[0]);
		expect(p.name).toEqual({ firstName: 'Matilda', lastName: 'Wallace' });
		expect(p.emails.primaryEmail).toBe('matilda.wallace@gmail.com');
		expect(p.phones).toMatchObject({ primaryPhoneNumber: '487999204', primaryPhoneCountryCode: 'AU', primaryPhoneCallingCode: '+61' });
		expect(p.phones.additionalPhones[0]).toMatchObject({ number: '289484794', callingCode: '+61' });
		expect(p.dateOfBirth).toBe('1975-08-16');
		const lost = await ws.one<{ n: bigint }>(
			`select count(*) as n from mapping.lookup where kind = 'email:unicode-domain' and output is null and regexp_full_match(input, '[a-z0-9._-]+@[a-z0-9-]+(\\.[a-z0-9-]+)+')`
		);
		expect(Number(lost!.n)).toBe(0); // every valid address survives the lookup
		expect(p.billingStatus).toBe('PAID');
		expect(p.outstandingBalance).toEqual({ amountMicros: 0, currencyCode: 'AUD' });
		expect(p.createdAt).toBe('2012-01-01T05:08:00.000Z'); // 16:08 Sydney summer time, kept as Twenty's own createdAt
		const rtf = await rows(
			`select n.* from stage.notes n join raw.clinical_notes c on n.source_key = 'note:' || c.note_id where c.body like '{\\rtf%' limit 1`
		);
		expect(JSON.parse(rtf[0].payload).bodyV2.markdown).not.toMatch(/\\rtf|\\par/);
		const html = await rows(
			`select n.* from stage.notes n join raw.clinical_notes c on n.source_key = 'note:' || c.note_id where c.body like '<div%' limit 1`
		);
		expect(JSON.parse(html[0].payload).bodyV2.markdown).toMatch(/\*\*Subjective:\*\*/);
		const cancelled = await ws.one<{ n: bigint }>(
			`select count(*) as n from stage.tasks where json_extract_string(payload, '$.isCancelled') = 'true'`
		);
		expect(Number(cancelled!.n)).toBeGreaterThan(300); // kept and flagged, never dropped
		const serial = await ws.one<{ d: string }>(
			`select json_extract_string(payload, '$.paymentDate') as d from stage.payments p join raw.invoices i on p.source_key = 'invoice:' || i.invoice_id where i.payment_date = '45424'`
		);
		expect(serial?.d).toBe('2024-05-12');
	});

	it('schema sync: plan, apply, re-run is a no-op, checklist', async () => {
		const m = await loadMapping(ws);
		const plan = await readSchemaPlan(ws, m, client);
		expect(plan.conflicts).toEqual([]);
		expect(plan.createObjects.map((o) => o.nameSingular)).toEqual(['payment']);
		expect(plan.createFields.find((f) => f.name === 'billingStatus')?.options?.map((o) => o.value)).toEqual(
			expect.arrayContaining(['PAID', 'PENDING', 'OVERDUE', 'INSURANCE_PENDING'])
		);
		expect(planMarkdown(plan)).toMatch(/- \[ \] person: \*\*Billing Status\*\* `billingStatus` SELECT/);
		const applied = await applySchemaPlan(ws, m, client);
		expect(applied.fields).toBe(plan.createFields.length);
		expect(applied.plan.createFields).toEqual([]);
		const again = await readSchemaPlan(ws, m, client);
		expect(again).toEqual({ createObjects: [], createFields: [], updateFields: [], conflicts: [] });
		expect((await applySchemaPlan(ws, m, client)).fields).toBe(0);
	}, 30_000);

	it('staged payloads of every object are accepted (201)', async () => {
		const staff = await resolveStaff(ws, client);
		expect(staff.matches.filter((s) => s.status === 'matched').length).toBeGreaterThan(0);
		expect(staff.matches.find((s) => s.staffId === uninvited)?.status).toBe('no_account');
		expect((await invitationList(ws)).map((i) => i.staffId)).toEqual([uninvited]);
		await compileMapping(ws, await loadMapping(ws)); // assignees now resolve
		const chosen = `(select id from stage.people where source_key like 'patient:%' and json_extract_string(payload, '$.emergencyContactId') is null
			and json_extract_string(payload, '$.emails.primaryEmail') in (select json_extract_string(payload, '$.emails.primaryEmail') from stage.people group by 1 having count(*) = 1) order by source_key limit 8)`;
		const push = async (plural: string, sql: string) => {
			const rs = await rows(sql);
			expect(rs.length, plural).toBeGreaterThan(0);
			for (const r of rs) await client.create(plural, body(r));
			return rs.length;
		};
		// The sample's one insurer whose website is an Excel formula is refused by Twenty (and the sandbox): freeze marks it invalid.
		await push(
			'companies',
			`select * from stage.companies where coalesce(json_extract_string(payload, '$.domainName.primaryLinkUrl'), '') not like '=%'`
		);
		await push('people', `select * from stage.people where source_key like 'physician:%' or id in ${chosen}`);
		const tasks = `(select json_extract_string(payload, '$.taskId') from stage."taskTargets" where json_extract_string(payload, '$.targetPersonId') in ${chosen})`;
		await push('tasks', `select * from stage.tasks where id in ${tasks}`);
		await push('taskTargets', `select * from stage."taskTargets" where json_extract_string(payload, '$.targetPersonId') in ${chosen}`);
		const notes = `(select json_extract_string(payload, '$.noteId') from stage."noteTargets" where json_extract_string(payload, '$.targetPersonId') in ${chosen})`;
		await push('notes', `select * from stage.notes where id in ${notes}`);
		await push('noteTargets', `select * from stage."noteTargets" where json_extract_string(payload, '$.targetPersonId') in ${chosen}`);
		await push('payments', `select * from stage.payments where json_extract_string(payload, '$.patientId') in ${chosen}`);
		const a = await rows(`select * from stage.attachments where json_extract_string(payload, '$.targetNoteId') in ${notes}`);
		for (const r of a) await client.create('attachments', body(r));
		const t = (await client.list('tasks', { limit: 200 })).records;
		expect(t.some((x) => x.assigneeId)).toBe(true);
	}, 120_000); // a compile of the sample, its loss scan and ~40 creates: a minute on a busy 2-core machine
});
