// The losses table shared by a batch's review (Load) and the Validate page, rendered on the
// server: the same rows in both, with the columns each place asks for.
import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import LossesTable from '../../src/lib/components/loader/LossesTable.svelte';

const picklist = {
	source: 'patients',
	target: 'billingStatus',
	column: 'Billing Status',
	reason: 'not a pick-list option: Overdue',
	records: 29
};
/** The header cells in order, and each row's cell texts (markup and Svelte's comments dropped). */
const headers = (html: string) => [...html.matchAll(/<th[^>]*>([^<]*)<\/th>/g)].map((m) => m[1]);
const cells = (html: string) =>
	[...html.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].slice(1).map((r) =>
		[...r[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) =>
			c[1]
				.replace(/<!--[\s\S]*?-->/g, '')
				.replace(/<span class="valuemap[\s\S]*$/, '')
				.replace(/<[^>]+>/g, '')
				.trim()
		)
	);
const link = { source: 'patients', target: 'insurerId', column: null, reason: 'reference to a missing record', records: 3 };

describe('LossesTable', () => {
	it("a batch's losses: field, column, reason and records, with Map to… on a stray pick-list value only", () => {
		const { body } = render(LossesTable, { props: { losses: [picklist, link], workspace: 'w1' } });
		expect(headers(body)).toEqual(['field', 'column', 'reason', 'records']);
		expect(cells(body)).toEqual([
			['billingStatus', 'Billing Status', 'not a pick-list option: Overdue', '29'],
			['insurerId', '', 'reference to a missing record', '3']
		]);
		expect(body.match(/data-testid="value-map"/g)).toHaveLength(1);
		expect(body).toContain('data-field="patients.billingStatus"');
	});

	it('the batches validated: an object column and who acknowledged each row, no Map to… without a workspace', () => {
		const rows = [
			{ ...picklist, plural: 'people', acknowledgedBy: 'ana', acknowledgedAt: '2026-12-07 10:00' },
			{ ...link, plural: 'people', acknowledgedBy: null, acknowledgedAt: null }
		];
		const { body } = render(LossesTable, { props: { losses: rows, perObject: true, acknowledgement: true, testid: 'losses' } });
		expect(body).toContain('data-testid="losses"');
		expect(headers(body)).toEqual(['object', 'field', 'column', 'reason', 'records', 'acknowledged']);
		expect(cells(body)).toEqual([
			['people', 'billingStatus', 'Billing Status', 'not a pick-list option: Overdue', '29', 'ana, 2026-12-07 10:00'],
			['people', 'insurerId', '', 'reference to a missing record', '3', 'not acknowledged']
		]);
		expect(body).toMatch(/<td class="[^"]*bad[^"]*"[^>]*>\s*not acknowledged/);
		expect(body).not.toContain('value-map');
	});
});
