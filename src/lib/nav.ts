// The workspace's pages, in pipeline order. A concern adds its page here when the page exists.
export interface NavItem {
	path: string;
	label: string;
}

export const workspaceNav: NavItem[] = [
	{ path: '', label: 'Home' },
	{ path: 'profile', label: 'Profile' },
	{ path: 'notebook', label: 'Notebook' },
	{ path: 'dedupe', label: 'Duplicates' },
	{ path: 'mapping', label: 'Mapping' },
	{ path: 'load', label: 'Load' },
	{ path: 'validate', label: 'Validate' },
	{ path: 'recipes', label: 'Recipes' },
	{ path: 'delta', label: 'Delta' },
	{ path: 'recipes/rebuild', label: 'Automations' },
	{ path: 'patient', label: 'Find patient' }
];
