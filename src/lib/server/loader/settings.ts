// Loader settings: defaults from TWENTY.md and the v2.19 recordings (100 requests per minute per
// workspace; 200 records per batch call accepted, 201 refused), overridable per run; validated
// like every input.
import { z } from 'zod';

export const pushSettingsSchema = z.strictObject({
	/** Requests per window the loader may send (reads included). */
	budget: z.number().int().min(1).max(100_000).default(100),
	windowMs: z.number().int().min(1).default(60_000),
	/**
	 * Records per batch call to start with. Twenty v2 refuses more than 200 and says so: the first
	 * refusal sets the size to the number Twenty names (else halves it) for the rest of the run, so
	 * the default asks for more than any known ceiling and learns the real one in one request.
	 */
	batchSize: z.number().int().min(1).max(1000).default(1000),
	/** Largest JSON body per batch call (Twenty's parser takes settings.storage.maxFileSize: 10 MB in v1.x). */
	maxBodyBytes: z.number().int().min(1024).default(8 * 1024 * 1024),
	concurrency: z.number().int().min(1).max(32).default(4),
	retries: z.number().int().min(0).max(50).default(10),
	minBackoffMs: z.number().int().min(0).default(1000),
	maxBackoffMs: z.number().int().min(0).default(60_000),
	requestTimeoutMs: z.number().int().min(1).default(30_000),
	/**
	 * Largest file uploaded: Twenty's settings.storage.maxFileSize, 10 MB in v1.x and in 2.19
	 * (engine/constants/settings; a 25 MB multipart upload to the real 2.19 got no answer in 60 s).
	 * A larger file fails its record with the reason, before any request.
	 */
	maxFileBytes: z.number().int().min(1).default(10 * 1024 * 1024)
});

export type PushSettings = z.infer<typeof pushSettingsSchema>;
export type PushSettingsInput = z.input<typeof pushSettingsSchema>;
