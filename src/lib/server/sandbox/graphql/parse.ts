// A small GraphQL parser for the subset the sandbox serves: one query or mutation (named or
// anonymous) with variable definitions, fields with aliases, arguments and sub-selections;
// argument values of every literal kind and $variables. Fragments and directives are refused.

export type GqlValue =
	| { kind: 'var'; name: string }
	| { kind: 'lit'; value: string | number | boolean | null }
	| { kind: 'enum'; value: string }
	| { kind: 'list'; items: GqlValue[] }
	| { kind: 'obj'; fields: Record<string, GqlValue> };

export interface GqlField {
	alias?: string;
	name: string;
	args: Record<string, GqlValue>;
	selections: GqlField[] | null;
}

export interface GqlOperation {
	type: 'query' | 'mutation';
	name?: string;
	variables: Record<string, GqlValue | undefined>;
	selections: GqlField[];
}

export class GqlSyntaxError extends Error {}

type Tok = { t: 'punct' | 'name' | 'num' | 'str'; v: string };

const PUNCT = new Set(['!', '$', '(', ')', ':', '=', '@', '[', ']', '{', '}', '|', '&']);

function tokenize(src: string): Tok[] {
	const out: Tok[] = [];
	let i = 0;
	while (i < src.length) {
		const c = src[i];
		if (c === '#') while (i < src.length && src[i] !== '\n') i++;
		else if (/[\s,\ufeff]/.test(c)) i++;
		else if (src.startsWith('...', i)) throw new GqlSyntaxError('Fragments are not supported by the Ferry sandbox');
		else if (PUNCT.has(c)) out.push({ t: 'punct', v: src[i++] });
		else if (/[A-Za-z_]/.test(c)) {
			const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))![0];
			out.push({ t: 'name', v: m });
			i += m.length;
		} else if (/[-0-9]/.test(c)) {
			const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(src.slice(i));
			if (!m) throw new GqlSyntaxError(`Syntax Error: Unexpected character "${c}".`);
			out.push({ t: 'num', v: m[0] });
			i += m[0].length;
		} else if (c === '"') {
			const [value, end] = readString(src, i);
			out.push({ t: 'str', v: value });
			i = end;
		} else throw new GqlSyntaxError(`Syntax Error: Unexpected character "${c}".`);
	}
	return out;
}

function readString(src: string, start: number): [string, number] {
	if (src.startsWith('"""', start)) {
		const end = src.indexOf('"""', start + 3);
		if (end < 0) throw new GqlSyntaxError('Syntax Error: Unterminated string.');
		return [src.slice(start + 3, end), end + 3];
	}
	let i = start + 1;
	let raw = '"';
	while (i < src.length && src[i] !== '"') {
		if (src[i] === '\\') raw += src[i++];
		raw += src[i++];
	}
	if (i >= src.length) throw new GqlSyntaxError('Syntax Error: Unterminated string.');
	return [JSON.parse(raw + '"'), i + 1];
}

class Parser {
	private i = 0;
	constructor(private toks: Tok[]) {}

	private peek(v?: string): boolean {
		const t = this.toks[this.i];
		return !!t && (v === undefined || t.v === v);
	}

	private take(v?: string): Tok {
		const t = this.toks[this.i];
		if (!t || (v !== undefined && t.v !== v))
			throw new GqlSyntaxError(`Syntax Error: Expected ${v ?? 'token'}, found ${t ? `"${t.v}"` : '<EOF>'}.`);
		this.i++;
		return t;
	}

	private name(): string {
		const t = this.take();
		if (t.t !== 'name') throw new GqlSyntaxError(`Syntax Error: Expected Name, found "${t.v}".`);
		return t.v;
	}

	document(): GqlOperation[] {
		const ops: GqlOperation[] = [];
		while (this.peek()) ops.push(this.operation());
		if (!ops.length) throw new GqlSyntaxError('Syntax Error: Unexpected <EOF>.');
		return ops;
	}

	private operation(): GqlOperation {
		if (this.peek('{')) return { type: 'query', variables: {}, selections: this.selectionSet() };
		const type = this.name();
		if (type === 'fragment' || type === 'subscription') throw new GqlSyntaxError(`${type} is not supported by the Ferry sandbox`);
		if (type !== 'query' && type !== 'mutation') throw new GqlSyntaxError(`Syntax Error: Unexpected Name "${type}".`);
		const name = this.peek('(') || this.peek('{') ? undefined : this.name();
		const variables = this.peek('(') ? this.variableDefs() : {};
		return { type, name, variables, selections: this.selectionSet() };
	}

	private variableDefs(): Record<string, GqlValue | undefined> {
		const vars: Record<string, GqlValue | undefined> = {};
		this.take('(');
		while (!this.peek(')')) {
			this.take('$');
			const name = this.name();
			this.take(':');
			this.type();
			vars[name] = this.peek('=') ? (this.take('='), this.value()) : undefined;
		}
		this.take(')');
		return vars;
	}

	private type(): void {
		if (this.peek('[')) {
			this.take('[');
			this.type();
			this.take(']');
		} else this.name();
		if (this.peek('!')) this.take('!');
	}

	private selectionSet(): GqlField[] {
		this.take('{');
		const fields: GqlField[] = [];
		while (!this.peek('}')) fields.push(this.field());
		this.take('}');
		return fields;
	}

	private field(): GqlField {
		let name = this.name();
		let alias: string | undefined;
		if (this.peek(':')) {
			this.take(':');
			alias = name;
			name = this.name();
		}
		const args = this.peek('(') ? this.args() : {};
		if (this.peek('@')) throw new GqlSyntaxError('Directives are not supported by the Ferry sandbox');
		return { alias, name, args, selections: this.peek('{') ? this.selectionSet() : null };
	}

	private args(): Record<string, GqlValue> {
		const args: Record<string, GqlValue> = {};
		this.take('(');
		while (!this.peek(')')) {
			const n = this.name();
			this.take(':');
			args[n] = this.value();
		}
		this.take(')');
		return args;
	}

	private value(): GqlValue {
		const t = this.take();
		if (t.v === '$' && t.t === 'punct') return { kind: 'var', name: this.name() };
		if (t.t === 'num') return { kind: 'lit', value: Number(t.v) };
		if (t.t === 'str') return { kind: 'lit', value: t.v };
		if (t.t === 'name') {
			if (t.v === 'true' || t.v === 'false') return { kind: 'lit', value: t.v === 'true' };
			if (t.v === 'null') return { kind: 'lit', value: null };
			return { kind: 'enum', value: t.v };
		}
		if (t.v === '[') {
			const items: GqlValue[] = [];
			while (!this.peek(']')) items.push(this.value());
			this.take(']');
			return { kind: 'list', items };
		}
		if (t.v === '{') {
			const fields: Record<string, GqlValue> = {};
			while (!this.peek('}')) {
				const n = this.name();
				this.take(':');
				fields[n] = this.value();
			}
			this.take('}');
			return { kind: 'obj', fields };
		}
		throw new GqlSyntaxError(`Syntax Error: Unexpected "${t.v}".`);
	}
}

export const parseDocument = (src: string): GqlOperation[] => new Parser(tokenize(src)).document();

/** Resolves a parsed value against the request's variables (enums become strings). */
export function resolveValue(v: GqlValue, vars: Record<string, unknown>): unknown {
	switch (v.kind) {
		case 'var':
			return vars[v.name] ?? null;
		case 'lit':
		case 'enum':
			return v.value;
		case 'list':
			return v.items.map((i) => resolveValue(i, vars));
		case 'obj':
			return Object.fromEntries(Object.entries(v.fields).map(([k, x]) => [k, resolveValue(x, vars)]));
	}
}
