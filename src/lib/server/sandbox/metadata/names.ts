// Naming rules for custom objects and fields [TWENTY.md §5.2: metadata name validation,
// v2.43 metadata.mjs]. Names must be camelCase, ^[a-z][a-zA-Z0-9]*$, at most 63 characters
// (IDENTIFIER_MAX_CHAR_LENGTH), and not reserved.

export const IDENTIFIER_MAX_CHAR_LENGTH = 63;
export const NAME_RE = /^[a-z][a-zA-Z0-9]*$/;
export const OPTION_VALUE_RE = /^[A-Z0-9]+(_[A-Z0-9]+)*$/;

const RESERVED_PAIRS = [
	'approvedAccessDomain',
	'appToken',
	'billingCustomer',
	'billingEntitlement',
	'billingMeter',
	'billingProduct',
	'billingSubscription',
	'billingSubscriptionItem',
	'featureFlag',
	'job',
	'keyValuePair',
	'pageLayout',
	'pageLayoutTab',
	'pageLayoutWidget',
	'twoFactorMethod',
	'user',
	'userWorkspace',
	'workspace',
	'role',
	'userWorkspaceRole',
	'plan',
	'event',
	'field',
	'link',
	'type',
	'object',
	'relation'
];
export const RESERVED_NAMES = new Set<string>([
	...RESERVED_PAIRS,
	...RESERVED_PAIRS.map((n) => `${n}s`),
	'currency',
	'currencies',
	'fullNames',
	'address',
	'addresses',
	'index',
	'aggregate',
	'connect',
	'create',
	'disconnect',
	'search',
	'searches'
]);

/** The 25 tag colours (TAG_COLORS). */
export const TAG_COLORS = new Set([
	'red',
	'ruby',
	'crimson',
	'tomato',
	'orange',
	'amber',
	'yellow',
	'lime',
	'grass',
	'green',
	'jade',
	'mint',
	'turquoise',
	'cyan',
	'sky',
	'blue',
	'iris',
	'violet',
	'purple',
	'plum',
	'pink',
	'bronze',
	'gold',
	'brown',
	'gray'
]);

/** lodash-style camelCase of a label, enough for labels such as "Billing Status". */
export function camelCase(label: string): string {
	const words = label
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.split(/[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])/)
		.filter(Boolean);
	return words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0].toUpperCase() + w.slice(1).toLowerCase())).join('');
}

/** Why a name is invalid, or null. Clashes with existing names are checked by the caller. */
export function nameProblem(name: unknown): string | null {
	if (typeof name !== 'string' || name.length === 0) return 'Name is required';
	if (name.length > IDENTIFIER_MAX_CHAR_LENGTH) return `Name is too long: it exceeds the ${IDENTIFIER_MAX_CHAR_LENGTH} characters limit`;
	if (!NAME_RE.test(name) || camelCase(name) !== name) return `${name} should be in camelCase`;
	if (RESERVED_NAMES.has(name)) return `The name "${name}" is not available`;
	return null;
}

export const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
