// A small, realistic staged migration built by hand (the mapping concern builds the real one):
// locations as companies, patients as people linked to a location, appointments as tasks with
// taskTargets, clinical notes with noteTargets, and invoices in a custom object `payments`
// created through the metadata API. All ids are ferry.source_id(source_key).
import { createSandbox, type Sandbox, type SandboxOptions } from '../../src/lib/server/sandbox/index.js';
import type { Workspace } from '../../src/lib/server/db/index.js';
import { createTwentyClient, setTarget, type TwentyClient } from '../../src/lib/server/twenty/index.js';
import { approveBatch, CONFIRMED_MAP_SETTING, ensureLoader, freezeBatches } from '../../src/lib/server/loader/index.js';

/** A Twenty to load into: its URL, key and a client (an in-process sandbox or a separate process). */
export interface Remote {
	url: string;
	apiKey: string;
	client: TwentyClient;
}

export interface Target extends Remote {
	sb: Sandbox;
	close: () => Promise<void>;
}

export async function startTarget(o: SandboxOptions = {}): Promise<Target> {
	const sb = createSandbox({ rateLimit: false, ...o });
	const l = await sb.listen(0, '127.0.0.1');
	return { sb, url: l.url, apiKey: sb.apiKey, client: createTwentyClient({ url: l.url, apiKey: sb.apiKey }), close: l.close };
}

/** The custom object invoices map to, created as an analyst would through the metadata API. */
export async function createPayments(client: TwentyClient): Promise<void> {
	const o = await client.metadata.createObject({
		nameSingular: 'payment',
		namePlural: 'payments',
		labelSingular: 'Payment',
		labelPlural: 'Payments'
	});
	await client.metadata.createField({ objectMetadataId: o.id, type: 'CURRENCY', name: 'amount', label: 'Amount' });
	await client.metadata.createField({
		objectMetadataId: o.id,
		type: 'SELECT',
		name: 'paymentStatus',
		label: 'Status',
		options: [
			{ value: 'OUTSTANDING', label: 'Outstanding', color: 'red', position: 0 },
			{ value: 'PAID', label: 'Paid', color: 'green', position: 1 }
		]
	});
}

export interface Sizes {
	locations: number;
	patients: number;
	appointments: number;
	notes: number;
	invoices: number;
}

export const SMALL: Sizes = { locations: 3, patients: 40, appointments: 30, notes: 20, invoices: 10 };

export function expectedCounts(n: Sizes): Record<string, number> {
	return {
		companies: n.locations,
		people: n.patients,
		tasks: n.appointments,
		taskTargets: n.appointments,
		notes: n.notes,
		noteTargets: n.notes,
		payments: n.invoices
	};
}

/** Stage views and stage.plan as docs/contracts.md describes them. */
export async function stageFixture(ws: Workspace, n: Sizes = SMALL): Promise<void> {
	const sid = (k: string) => `ferry.source_id(${k})`;
	const views: Record<string, string> = {
		companies: `select 'location:L' || i as source_key, ${sid(`'location:L' || i`)} as id,
			json_object('name', 'Clinic ' || i, 'address', json_object('addressCity', 'Lyon', 'addressCountry', 'France')) as payload from range(${n.locations}) t(i)`,
		people: `select 'patient:' || (100000 + i) as source_key, ${sid(`'patient:' || (100000 + i)`)} as id,
			json_object('name', json_object('firstName', 'Pat' || i, 'lastName', 'Ient'), 'emails', json_object('primaryEmail', 'pat' || i || '@example.org', 'additionalEmails', []),
				'phones', json_object('primaryPhoneNumber', '61234' || lpad(i::varchar, 4, '0'), 'primaryPhoneCountryCode', 'FR', 'primaryPhoneCallingCode', '+33'),
				'companyId', ${sid(`'location:L' || (i % ${n.locations})`)}) as payload from range(${n.patients}) t(i)`,
		tasks: `select 'appointment:' || i as source_key, ${sid(`'appointment:' || i`)} as id,
			json_object('title', 'Appointment ' || i, 'status', ['TODO', 'IN_PROGRESS', 'DONE'][i % 3 + 1], 'dueAt', '2026-03-0' || (i % 9 + 1) || 'T09:30:00.000Z') as payload from range(${n.appointments}) t(i)`,
		taskTargets: `select 'taskTarget:' || i as source_key, ${sid(`'taskTarget:' || i`)} as id,
			json_object('taskId', ${sid(`'appointment:' || i`)}, 'targetPersonId', ${sid(`'patient:' || (100000 + i % ${n.patients})`)}) as payload from range(${n.appointments}) t(i)`,
		notes: `select 'note:' || i as source_key, ${sid(`'note:' || i`)} as id,
			json_object('title', 'Consultation', 'bodyV2', json_object('markdown', 'Seen today.', 'blocknote', null)) as payload from range(${n.notes}) t(i)`,
		noteTargets: `select 'noteTarget:' || i as source_key, ${sid(`'noteTarget:' || i`)} as id,
			json_object('noteId', ${sid(`'note:' || i`)}, 'targetPersonId', ${sid(`'patient:' || (100000 + i % ${n.patients})`)}) as payload from range(${n.notes}) t(i)`,
		payments: `select 'invoice:' || i as source_key, ${sid(`'invoice:' || i`)} as id,
			json_object('name', 'INV-' || i, 'amount', json_object('amountMicros', (i + 1) * 1000000, 'currencyCode', 'EUR'), 'paymentStatus', 'OUTSTANDING') as payload from range(${n.invoices}) t(i)`
	};
	for (const [name, sql] of Object.entries(views)) await ws.run(`create or replace view stage."${name}" as ${sql}`);
	await ws.run(`create or replace view stage.plan as select * from (values ('companies', 1, 'company'), ('people', 2, 'person'), ('tasks', 3, 'task'),
		('notes', 4, 'note'), ('taskTargets', 5, 'taskTarget'), ('noteTargets', 5, 'noteTarget'), ('payments', 6, 'payment')) t(plural, step, object)`);
}

/**
 * Hand-built stage views come from no map, so nothing confirmed them: the test says explicitly
 * that they stand for a confirmed map (the hash a confirmed map's save publishes), and that the
 * batches frozen from them so far were frozen from it. The loader's check is otherwise the real one.
 */
export async function confirmHandBuiltStage(ws: Workspace): Promise<void> {
	const hash = 'hand-built-stage';
	await ensureLoader(ws);
	await ws.run(`insert or replace into ferry.settings values ($1, $2)`, [CONFIRMED_MAP_SETTING, hash]);
	await ws.run(`insert or replace into loader.batch_maps select id, $1 from loader.batches`, [hash]);
}

/** Target set, custom object made, stage built and confirmed, batches frozen and approved. */
export async function readyWorkspace(ws: Workspace, t: Remote, n: Sizes = SMALL): Promise<number[]> {
	await setTarget(ws, t.url, t.apiKey);
	await createPayments(t.client);
	await stageFixture(ws, n);
	await confirmHandBuiltStage(ws);
	const batches = await freezeBatches(ws, await t.client.metadata.listObjects());
	for (const b of batches) await approveBatch(ws, b.id, 'test');
	return batches.map((b) => b.id);
}

/** Every id Twenty holds per object (live rows). */
export function twentyIds(t: Target): Record<string, string[]> {
	const out: Record<string, string[]> = {};
	const names: Record<string, string> = {
		company: 'companies',
		person: 'people',
		task: 'tasks',
		taskTarget: 'taskTargets',
		note: 'notes',
		noteTarget: 'noteTargets',
		payment: 'payments'
	};
	for (const [singular, plural] of Object.entries(names)) {
		try {
			out[plural] = [...t.sb.store.table(singular).rows.values()].filter((r) => !r.deletedAt).map((r) => r.id as string);
		} catch {
			out[plural] = [];
		}
	}
	return out;
}

export function countsOf(ids: Record<string, string[]>): Record<string, number> {
	return Object.fromEntries(Object.entries(ids).map(([k, v]) => [k, v.length]));
}

/** Fast settings for tests: a generous budget, millisecond backoff, short timeouts. */
export const FAST = { budget: 100_000, windowMs: 60_000, minBackoffMs: 2, maxBackoffMs: 20, requestTimeoutMs: 300, retries: 12 };
