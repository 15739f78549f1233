// Request counters and a short log for /__sandbox inspection. Paths only (no query strings:
// filters can hold e-mail addresses), never bodies: no PHI leaves the sandbox this way.

export interface LogEntry {
	at: string;
	method: string;
	path: string;
	status: number;
	ms: number;
	fault?: string;
}

export class Stats {
	total = 0;
	byStatus: Record<string, number> = {};
	injected: Record<string, number> = {};
	private log: LogEntry[] = [];

	constructor(private capacity = 500) {}

	record(entry: LogEntry): void {
		this.total++;
		this.byStatus[entry.status] = (this.byStatus[entry.status] ?? 0) + 1;
		if (entry.fault) this.injected[entry.fault] = (this.injected[entry.fault] ?? 0) + 1;
		this.log.push(entry);
		if (this.log.length > this.capacity) this.log.splice(0, this.log.length - this.capacity);
	}

	recent(limit = 100): LogEntry[] {
		return this.log.slice(-limit);
	}

	reset(): void {
		this.total = 0;
		this.byStatus = {};
		this.injected = {};
		this.log = [];
	}
}
