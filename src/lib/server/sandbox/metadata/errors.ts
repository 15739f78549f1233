// Metadata validation errors. v1.5 (12c v1.5): Nest shape with `messages`; v2.x (12c v2.20):
// METADATA_VALIDATION_ERROR with errors grouped per metadata kind.
import { ApiError } from '../http/errors.js';
import type { Profile } from '../profiles/index.js';

export type MetaKind = 'field' | 'object';

export function metadataError(profile: Profile, kind: MetaKind, code: string, message: string, name?: unknown): ApiError {
	if (profile.generation === 1) return new ApiError(400, { statusCode: 400, messages: [message], error: 'Bad Request' });
	const group = `${kind}Metadata`;
	return new ApiError(400, {
		statusCode: 400,
		error: 'METADATA_VALIDATION_ERROR',
		message: `Multiple validation errors occurred while creating ${kind}s`,
		errors: {
			[group]: [
				{
					status: 'fail',
					errors: [{ code, value: name, message, userFriendlyMessage: message }],
					flatEntityMinimalInformation: { name },
					metadataName: group,
					type: 'create'
				}
			]
		},
		summary: { totalErrors: 1, [group]: 1 },
		userFriendlyMessage: message
	});
}

export function nameTaken(profile: Profile, kind: MetaKind, name: string): ApiError {
	const message =
		profile.generation === 1
			? `Name '${name}' is not available, check that it is not duplicating another ${kind}'s name.`
			: `Name "${name}" is not available as it is already used by another ${kind}`;
	return metadataError(profile, kind, 'NOT_AVAILABLE', message, name);
}
