// Standard objects of Twenty v1.5 (upstream ee7aec7), as its metadata API listed them in
// test/fixtures/twenty-recordings/v1.5-upstream/11b_get_metadata_objects.full.json: only the
// nine objects Ferry uses, without the seed workspace's custom fields, and only relations
// between those nine. isUnique is absent from that version's output; the three unique
// indexes are set from the recorded duplicate errors and TWENTY.md §1.5.
import type { ObjectDef } from '../types.js';

export const V1_5_OBJECTS: ObjectDef[] = [
	{
		nameSingular: 'person',
		namePlural: 'people',
		labelSingular: 'Person',
		labelPlural: 'People',
		description: 'A person',
		icon: 'IconUser',
		isSystem: false,
		labelIdentifier: 'name',
		imageIdentifier: 'avatarUrl',
		fields: [
			{
				name: 'company',
				label: 'Company',
				type: 'RELATION',
				icon: 'IconBuildingSkyscraper',
				description: 'Contact’s company',
				isNullable: true,
				isUnique: false,
				isSystem: false,
				relation: { type: 'MANY_TO_ONE', target: 'company', inverse: 'people', joinColumn: 'companyId', onDelete: 'SET_NULL' }
			},
			{
				name: 'searchVector',
				label: 'Search vector',
				type: 'TS_VECTOR',
				icon: 'IconUser',
				description: 'Field used for full-text search',
				isNullable: true,
				isUnique: false,
				isSystem: true
			},
			{
				name: 'id',
				label: 'Id',
				type: 'UUID',
				icon: 'Icon123',
				description: 'Id',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: 'uuid'
			},
			{
				name: 'attachments',
				label: 'Attachments',
				type: 'RELATION',
				icon: 'IconFileImport',
				description: 'Attachments linked to the contact.',
				isNullable: true,
				isUnique: false,
				isSystem: true,
				relation: { type: 'ONE_TO_MANY', target: 'attachment', inverse: 'person' }
			},
			{
				name: 'updatedAt',
				label: 'Last update',
				type: 'DATE_TIME',
				icon: 'IconCalendarClock',
				description: 'Last time the record was changed',
				isNullable: false,
				isUnique: false,
				isSystem: false,
				defaultValue: 'now'
			},
			{
				name: 'avatarUrl',
				label: 'Avatar',
				type: 'TEXT',
				icon: 'IconFileUpload',
				description: 'Contact’s avatar',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: "''"
			},
			{
				name: 'xLink',
				label: 'X',
				type: 'LINKS',
				icon: 'IconBrandX',
				description: 'Contact’s X/Twitter account',
				isNullable: true,
				isUnique: false,
				isSystem: false,
				defaultValue: { primaryLinkUrl: "''", secondaryLinks: null, primaryLinkLabel: "''" }
			},
			{
				name: 'linkedinLink',
				label: 'Linkedin',
				type: 'LINKS',
				icon: 'IconBrandLinkedin',
				description: 'Contact’s Linkedin account',
				isNullable: true,
				isUnique: false,
				isSystem: false,
				defaultValue: { primaryLinkUrl: "''", secondaryLinks: null, primaryLinkLabel: "''" }
			},
			{
				name: 'createdAt',
				label: 'Creation date',
				type: 'DATE_TIME',
				icon: 'IconCalendar',
				description: 'Creation date',
				isNullable: false,
				isUnique: false,
				isSystem: false,
				defaultValue: 'now'
			},
			{
				name: 'city',
				label: 'City',
				type: 'TEXT',
				icon: 'IconMap',
				description: 'Contact’s city',
				isNullable: false,
				isUnique: false,
				isSystem: false,
				defaultValue: "''"
			},
			{
				name: 'noteTargets',
				label: 'Notes',
				type: 'RELATION',
				icon: 'IconNotes',
				description: 'Notes tied to the contact',
				isNullable: true,
				isUnique: false,
				isSystem: false,
				relation: { type: 'ONE_TO_MANY', target: 'noteTarget', inverse: 'person' }
			},
			{
				name: 'createdBy',
				label: 'Created by',
				type: 'ACTOR',
				icon: 'IconCreativeCommonsSa',
				description: 'The creator of the record',
				isNullable: false,
				isUnique: false,
				isSystem: false,
				defaultValue: { name: "'System'", source: "'MANUAL'", workspaceMemberId: null }
			},
			{
				name: 'emails',
				label: 'Emails',
				type: 'EMAILS',
				icon: 'IconMail',
				description: 'Contact’s Emails',
				isNullable: false,
				isUnique: true,
				isSystem: false,
				defaultValue: { primaryEmail: "''", additionalEmails: null }
			},
			{
				name: 'name',
				label: 'Name',
				type: 'FULL_NAME',
				icon: 'IconUser',
				description: 'Contact’s name',
				isNullable: true,
				isUnique: false,
				isSystem: false,
				defaultValue: { lastName: "''", firstName: "''" }
			},
			{
				name: 'position',
				label: 'Position',
				type: 'POSITION',
				icon: 'IconHierarchy2',
				description: 'Person record Position',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: 0
			},
			{
				name: 'pointOfContactForOpportunities',
				label: 'Opportunities',
				type: 'RELATION',
				icon: 'IconTargetArrow',
				description: 'List of opportunities for which that person is the point of contact',
				isNullable: true,
				isUnique: false,
				isSystem: false,
				relation: { type: 'ONE_TO_MANY', target: 'opportunity', inverse: 'pointOfContact' }
			},
			{
				name: 'jobTitle',
				label: 'Job Title',
				type: 'TEXT',
				icon: 'IconBriefcase',
				description: 'Contact’s job title',
				isNullable: false,
				isUnique: false,
				isSystem: false,
				defaultValue: "''"
			},
			{
				name: 'phones',
				label: 'Phones',
				type: 'PHONES',
				icon: 'IconPhone',
				description: 'Contact’s phone numbers',
				isNullable: false,
				isUnique: false,
				isSystem: false,
				defaultValue: { additionalPhones: null, primaryPhoneNumber: "''", primaryPhoneCallingCode: "''", primaryPhoneCountryCode: "''" }
			},
			{
				name: 'deletedAt',
				label: 'Deleted at',
				type: 'DATE_TIME',
				icon: 'IconCalendarMinus',
				description: 'Date when the record was deleted',
				isNullable: true,
				isUnique: false,
				isSystem: false
			},
			{
				name: 'taskTargets',
				label: 'Tasks',
				type: 'RELATION',
				icon: 'IconCheckbox',
				description: 'Tasks tied to the contact',
				isNullable: true,
				isUnique: false,
				isSystem: false,
				relation: { type: 'ONE_TO_MANY', target: 'taskTarget', inverse: 'person' }
			}
		]
	},
	{
		nameSingular: 'note',
		namePlural: 'notes',
		labelSingular: 'Note',
		labelPlural: 'Notes',
		description: 'A note',
		icon: 'IconNotes',
		isSystem: false,
		labelIdentifier: 'title',
		fields: [
			{
				name: 'deletedAt',
				label: 'Deleted at',
				type: 'DATE_TIME',
				icon: 'IconCalendarMinus',
				description: 'Date when the record was deleted',
				isNullable: true,
				isUnique: false,
				isSystem: false
			},
			{
				name: 'title',
				label: 'Title',
				type: 'TEXT',
				icon: 'IconNotes',
				description: 'Note title',
				isNullable: false,
				isUnique: false,
				isSystem: false,
				defaultValue: "''"
			},
			{
				name: 'id',
				label: 'Id',
				type: 'UUID',
				icon: 'Icon123',
				description: 'Id',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: 'uuid'
			},
			{
				name: 'position',
				label: 'Position',
				type: 'POSITION',
				icon: 'IconHierarchy2',
				description: 'Note record position',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: 0
			},
			{
				name: 'noteTargets',
				label: 'Relations',
				type: 'RELATION',
				icon: 'IconArrowUpRight',
				description: 'Note targets',
				isNullable: true,
				isUnique: false,
				isSystem: true,
				relation: { type: 'ONE_TO_MANY', target: 'noteTarget', inverse: 'note' }
			},
			{
				name: 'updatedAt',
				label: 'Last update',
				type: 'DATE_TIME',
				icon: 'IconCalendarClock',
				description: 'Last time the record was changed',
				isNullable: false,
				isUnique: false,
				isSystem: false,
				defaultValue: 'now'
			},
			{
				name: 'createdAt',
				label: 'Creation date',
				type: 'DATE_TIME',
				icon: 'IconCalendar',
				description: 'Creation date',
				isNullable: false,
				isUnique: false,
				isSystem: false,
				defaultValue: 'now'
			},
			{
				name: 'searchVector',
				label: 'Search vector',
				type: 'TS_VECTOR',
				icon: 'IconUser',
				description: 'Field used for full-text search',
				isNullable: true,
				isUnique: false,
				isSystem: true
			},
			{
				name: 'createdBy',
				label: 'Created by',
				type: 'ACTOR',
				icon: 'IconCreativeCommonsSa',
				description: 'The creator of the record',
				isNullable: false,
				isUnique: false,
				isSystem: false,
				defaultValue: { name: "'System'", source: "'MANUAL'", workspaceMemberId: null }
			},
			{
				name: 'attachments',
				label: 'Attachments',
				type: 'RELATION',
				icon: 'IconFileImport',
				description: 'Note attachments',
				isNullable: true,
				isUnique: false,
				isSystem: true,
				relation: { type: 'ONE_TO_MANY', target: 'attachment', inverse: 'note' }
			},
			{
				name: 'bodyV2',
				label: 'Body',
				type: 'RICH_TEXT_V2',
				icon: 'IconFilePencil',
				description: 'Note body',
				isNullable: true,
				isUnique: false,
				isSystem: false
			}
		]
	},
	{
		nameSingular: 'noteTarget',
		namePlural: 'noteTargets',
		labelSingular: 'Note Target',
		labelPlural: 'Note Targets',
		description: 'A note target',
		icon: 'IconCheckbox',
		isSystem: true,
		labelIdentifier: 'id',
		fields: [
			{
				name: 'id',
				label: 'Id',
				type: 'UUID',
				icon: 'Icon123',
				description: 'Id',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: 'uuid'
			},
			{
				name: 'deletedAt',
				label: 'Deleted at',
				type: 'DATE_TIME',
				icon: 'IconCalendarMinus',
				description: 'Date when the record was deleted',
				isNullable: true,
				isUnique: false,
				isSystem: false
			},
			{
				name: 'note',
				label: 'Note',
				type: 'RELATION',
				icon: 'IconNotes',
				description: 'NoteTarget note',
				isNullable: true,
				isUnique: false,
				isSystem: true,
				relation: { type: 'MANY_TO_ONE', target: 'note', inverse: 'noteTargets', joinColumn: 'noteId', onDelete: 'CASCADE' }
			},
			{
				name: 'company',
				label: 'Company',
				type: 'RELATION',
				icon: 'IconBuildingSkyscraper',
				description: 'NoteTarget company',
				isNullable: true,
				isUnique: false,
				isSystem: true,
				relation: { type: 'MANY_TO_ONE', target: 'company', inverse: 'noteTargets', joinColumn: 'companyId', onDelete: 'CASCADE' }
			},
			{
				name: 'createdAt',
				label: 'Creation date',
				type: 'DATE_TIME',
				icon: 'IconCalendar',
				description: 'Creation date',
				isNullable: false,
				isUnique: false,
				isSystem: false,
				defaultValue: 'now'
			},
			{
				name: 'updatedAt',
				label: 'Last update',
				type: 'DATE_TIME',
				icon: 'IconCalendarClock',
				description: 'Last time the record was changed',
				isNullable: false,
				isUnique: false,
				isSystem: false,
				defaultValue: 'now'
			},
			{
				name: 'person',
				label: 'Person',
				type: 'RELATION',
				icon: 'IconUser',
				description: 'NoteTarget person',
				isNullable: true,
				isUnique: false,
				isSystem: true,
				relation: { type: 'MANY_TO_ONE', target: 'person', inverse: 'noteTargets', joinColumn: 'personId', onDelete: 'CASCADE' }
			},
			{
				name: 'opportunity',
				label: 'Opportunity',
				type: 'RELATION',
				icon: 'IconTargetArrow',
				description: 'NoteTarget opportunity',
				isNullable: true,
				isUnique: false,
				isSystem: true,
				relation: { type: 'MANY_TO_ONE', target: 'opportunity', inverse: 'noteTargets', joinColumn: 'opportunityId', onDelete: 'CASCADE' }
			}
		]
	},
	{
		nameSingular: 'company',
		namePlural: 'companies',
		labelSingular: 'Company',
		labelPlural: 'Companies',
		description: 'A company',
		icon: 'IconBuildingSkyscraper',
		isSystem: false,
		labelIdentifier: 'name',
		fields: [
			{
				name: 'deletedAt',
				label: 'Deleted at',
				type: 'DATE_TIME',
				icon: 'IconCalendarMinus',
				description: 'Date when the record was deleted',
				isNullable: true,
				isUnique: false,
				isSystem: false
			},
			{
				name: 'name',
				label: 'Name',
				type: 'TEXT',
				icon: 'IconBuildingSkyscraper',
				description: 'The company name',
				isNullable: false,
				isUnique: false,
				isSystem: false,
				defaultValue: "''"
			},
			{
				name: 'domainName',
				label: 'Domain Name',
				type: 'LINKS',
				icon: 'IconLink',
				description: 'The company website URL. We use this url to fetch the company icon',
				isNullable: false,
				isUnique: true,
				isSystem: false,
				defaultValue: { primaryLinkUrl: "''", secondaryLinks: null, primaryLinkLabel: "''" }
			},
			{
				name: 'id',
				label: 'Id',
				type: 'UUID',
				icon: 'Icon123',
				description: 'Id',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: 'uuid'
			},
			{
				name: 'annualRecurringRevenue',
				label: 'ARR',
				type: 'CURRENCY',
				icon: 'IconMoneybag',
				description: 'Annual Recurring Revenue: The actual or estimated annual revenue of the company',
				isNullable: true,
				isUnique: false,
				isSystem: false,
				defaultValue: { amountMicros: null, currencyCode: "''" }
			},
			{
				name: 'opportunities',
				label: 'Opportunities',
				type: 'RELATION',
				icon: 'IconTargetArrow',
				description: 'Opportunities linked to the company.',
				isNullable: true,
				isUnique: false,
				isSystem: false,
				relation: { type: 'ONE_TO_MANY', target: 'opportunity', inverse: 'company' }
			},
			{
				name: 'createdAt',
				label: 'Creation date',
				type: 'DATE_TIME',
				icon: 'IconCalendar',
				description: 'Creation date',
				isNullable: false,
				isUnique: false,
				isSystem: false,
				defaultValue: 'now'
			},
			{
				name: 'linkedinLink',
				label: 'Linkedin',
				type: 'LINKS',
				icon: 'IconBrandLinkedin',
				description: 'The company Linkedin account',
				isNullable: true,
				isUnique: false,
				isSystem: false,
				defaultValue: { primaryLinkUrl: "''", secondaryLinks: null, primaryLinkLabel: "''" }
			},
			{
				name: 'people',
				label: 'People',
				type: 'RELATION',
				icon: 'IconUsers',
				description: 'People linked to the company.',
				isNullable: true,
				isUnique: false,
				isSystem: false,
				relation: { type: 'ONE_TO_MANY', target: 'person', inverse: 'company' }
			},
			{
				name: 'taskTargets',
				label: 'Tasks',
				type: 'RELATION',
				icon: 'IconCheckbox',
				description: 'Tasks tied to the company',
				isNullable: true,
				isUnique: false,
				isSystem: false,
				relation: { type: 'ONE_TO_MANY', target: 'taskTarget', inverse: 'company' }
			},
			{
				name: 'employees',
				label: 'Employees',
				type: 'NUMBER',
				icon: 'IconUsers',
				description: 'Number of employees in the company',
				isNullable: true,
				isUnique: false,
				isSystem: false
			},
			{
				name: 'idealCustomerProfile',
				label: 'ICP',
				type: 'BOOLEAN',
				icon: 'IconTarget',
				description: 'Ideal Customer Profile:  Indicates whether the company is the most suitable and valuable customer for you',
				isNullable: false,
				isUnique: false,
				isSystem: false,
				defaultValue: false
			},
			{
				name: 'xLink',
				label: 'X',
				type: 'LINKS',
				icon: 'IconBrandX',
				description: 'The company Twitter/X account',
				isNullable: true,
				isUnique: false,
				isSystem: false,
				defaultValue: { primaryLinkUrl: "''", secondaryLinks: null, primaryLinkLabel: "''" }
			},
			{
				name: 'position',
				label: 'Position',
				type: 'POSITION',
				icon: 'IconHierarchy2',
				description: 'Company record position',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: 0
			},
			{
				name: 'searchVector',
				label: 'Search vector',
				type: 'TS_VECTOR',
				icon: 'IconUser',
				description: 'Field used for full-text search',
				isNullable: true,
				isUnique: false,
				isSystem: true
			},
			{
				name: 'attachments',
				label: 'Attachments',
				type: 'RELATION',
				icon: 'IconFileImport',
				description: 'Attachments linked to the company',
				isNullable: true,
				isUnique: false,
				isSystem: true,
				relation: { type: 'ONE_TO_MANY', target: 'attachment', inverse: 'company' }
			},
			{
				name: 'createdBy',
				label: 'Created by',
				type: 'ACTOR',
				icon: 'IconCreativeCommonsSa',
				description: 'The creator of the record',
				isNullable: false,
				isUnique: false,
				isSystem: false,
				defaultValue: { name: "'System'", source: "'MANUAL'", workspaceMemberId: null }
			},
			{
				name: 'address',
				label: 'Address',
				type: 'ADDRESS',
				icon: 'IconMap',
				description: 'Address of the company',
				isNullable: true,
				isUnique: false,
				isSystem: false,
				defaultValue: {
					addressLat: null,
					addressLng: null,
					addressCity: "''",
					addressState: "''",
					addressCountry: "''",
					addressStreet1: "''",
					addressStreet2: "''",
					addressPostcode: "''"
				}
			},
			{
				name: 'updatedAt',
				label: 'Last update',
				type: 'DATE_TIME',
				icon: 'IconCalendarClock',
				description: 'Last time the record was changed',
				isNullable: false,
				isUnique: false,
				isSystem: false,
				defaultValue: 'now'
			},
			{
				name: 'noteTargets',
				label: 'Notes',
				type: 'RELATION',
				icon: 'IconNotes',
				description: 'Notes tied to the company',
				isNullable: true,
				isUnique: false,
				isSystem: false,
				relation: { type: 'ONE_TO_MANY', target: 'noteTarget', inverse: 'company' }
			},
			{
				name: 'accountOwner',
				label: 'Account Owner',
				type: 'RELATION',
				icon: 'IconUserCircle',
				description: 'Your team member responsible for managing the company account',
				isNullable: true,
				isUnique: false,
				isSystem: false,
				relation: {
					type: 'MANY_TO_ONE',
					target: 'workspaceMember',
					inverse: 'accountOwnerForCompanies',
					joinColumn: 'accountOwnerId',
					onDelete: 'SET_NULL'
				}
			}
		]
	},
	{
		nameSingular: 'attachment',
		namePlural: 'attachments',
		labelSingular: 'Attachment',
		labelPlural: 'Attachments',
		description: 'An attachment',
		icon: 'IconFileImport',
		isSystem: true,
		labelIdentifier: 'name',
		fields: [
			{
				name: 'createdAt',
				label: 'Creation date',
				type: 'DATE_TIME',
				icon: 'IconCalendar',
				description: 'Creation date',
				isNullable: false,
				isUnique: false,
				isSystem: false,
				defaultValue: 'now'
			},
			{
				name: 'author',
				label: 'Author',
				type: 'RELATION',
				icon: 'IconCircleUser',
				description: 'Attachment author',
				isNullable: true,
				isUnique: false,
				isSystem: true,
				relation: {
					type: 'MANY_TO_ONE',
					target: 'workspaceMember',
					inverse: 'authoredAttachments',
					joinColumn: 'authorId',
					onDelete: 'SET_NULL'
				}
			},
			{
				name: 'type',
				label: 'Type',
				type: 'TEXT',
				icon: 'IconList',
				description: 'Attachment type',
				isNullable: false,
				isUnique: false,
				isSystem: false,
				defaultValue: "''"
			},
			{
				name: 'note',
				label: 'Note',
				type: 'RELATION',
				icon: 'IconNotes',
				description: 'Attachment note',
				isNullable: true,
				isUnique: false,
				isSystem: true,
				relation: { type: 'MANY_TO_ONE', target: 'note', inverse: 'attachments', joinColumn: 'noteId', onDelete: 'SET_NULL' }
			},
			{
				name: 'deletedAt',
				label: 'Deleted at',
				type: 'DATE_TIME',
				icon: 'IconCalendarMinus',
				description: 'Date when the record was deleted',
				isNullable: true,
				isUnique: false,
				isSystem: false
			},
			{
				name: 'opportunity',
				label: 'Opportunity',
				type: 'RELATION',
				icon: 'IconBuildingSkyscraper',
				description: 'Attachment opportunity',
				isNullable: true,
				isUnique: false,
				isSystem: true,
				relation: { type: 'MANY_TO_ONE', target: 'opportunity', inverse: 'attachments', joinColumn: 'opportunityId', onDelete: 'CASCADE' }
			},
			{
				name: 'updatedAt',
				label: 'Last update',
				type: 'DATE_TIME',
				icon: 'IconCalendarClock',
				description: 'Last time the record was changed',
				isNullable: false,
				isUnique: false,
				isSystem: false,
				defaultValue: 'now'
			},
			{
				name: 'id',
				label: 'Id',
				type: 'UUID',
				icon: 'Icon123',
				description: 'Id',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: 'uuid'
			},
			{
				name: 'task',
				label: 'Task',
				type: 'RELATION',
				icon: 'IconNotes',
				description: 'Attachment task',
				isNullable: true,
				isUnique: false,
				isSystem: true,
				relation: { type: 'MANY_TO_ONE', target: 'task', inverse: 'attachments', joinColumn: 'taskId', onDelete: 'SET_NULL' }
			},
			{
				name: 'person',
				label: 'Person',
				type: 'RELATION',
				icon: 'IconUser',
				description: 'Attachment person',
				isNullable: true,
				isUnique: false,
				isSystem: true,
				relation: { type: 'MANY_TO_ONE', target: 'person', inverse: 'attachments', joinColumn: 'personId', onDelete: 'CASCADE' }
			},
			{
				name: 'company',
				label: 'Company',
				type: 'RELATION',
				icon: 'IconBuildingSkyscraper',
				description: 'Attachment company',
				isNullable: true,
				isUnique: false,
				isSystem: true,
				relation: { type: 'MANY_TO_ONE', target: 'company', inverse: 'attachments', joinColumn: 'companyId', onDelete: 'CASCADE' }
			},
			{
				name: 'fullPath',
				label: 'Full path',
				type: 'TEXT',
				icon: 'IconLink',
				description: 'Attachment full path',
				isNullable: false,
				isUnique: false,
				isSystem: false,
				defaultValue: "''"
			},
			{
				name: 'name',
				label: 'Name',
				type: 'TEXT',
				icon: 'IconFileUpload',
				description: 'Attachment name',
				isNullable: false,
				isUnique: false,
				isSystem: false,
				defaultValue: "''"
			}
		]
	},
	{
		nameSingular: 'opportunity',
		namePlural: 'opportunities',
		labelSingular: 'Opportunity',
		labelPlural: 'Opportunities',
		description: 'An opportunity',
		icon: 'IconTargetArrow',
		isSystem: false,
		labelIdentifier: 'name',
		fields: [
			{
				name: 'id',
				label: 'Id',
				type: 'UUID',
				icon: 'Icon123',
				description: 'Id',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: 'uuid'
			},
			{
				name: 'company',
				label: 'Company',
				type: 'RELATION',
				icon: 'IconBuildingSkyscraper',
				description: 'Opportunity company',
				isNullable: true,
				isUnique: false,
				isSystem: false,
				relation: { type: 'MANY_TO_ONE', target: 'company', inverse: 'opportunities', joinColumn: 'companyId', onDelete: 'SET_NULL' }
			},
			{
				name: 'noteTargets',
				label: 'Notes',
				type: 'RELATION',
				icon: 'IconNotes',
				description: 'Notes tied to the opportunity',
				isNullable: true,
				isUnique: false,
				isSystem: false,
				relation: { type: 'ONE_TO_MANY', target: 'noteTarget', inverse: 'opportunity' }
			},
			{
				name: 'updatedAt',
				label: 'Last update',
				type: 'DATE_TIME',
				icon: 'IconCalendarClock',
				description: 'Last time the record was changed',
				isNullable: false,
				isUnique: false,
				isSystem: false,
				defaultValue: 'now'
			},
			{
				name: 'createdAt',
				label: 'Creation date',
				type: 'DATE_TIME',
				icon: 'IconCalendar',
				description: 'Creation date',
				isNullable: false,
				isUnique: false,
				isSystem: false,
				defaultValue: 'now'
			},
			{
				name: 'amount',
				label: 'Amount',
				type: 'CURRENCY',
				icon: 'IconCurrencyDollar',
				description: 'Opportunity amount',
				isNullable: true,
				isUnique: false,
				isSystem: false,
				defaultValue: { amountMicros: null, currencyCode: "''" }
			},
			{
				name: 'closeDate',
				label: 'Close date',
				type: 'DATE_TIME',
				icon: 'IconCalendarEvent',
				description: 'Opportunity close date',
				isNullable: true,
				isUnique: false,
				isSystem: false
			},
			{
				name: 'pointOfContact',
				label: 'Point of Contact',
				type: 'RELATION',
				icon: 'IconUser',
				description: 'Opportunity point of contact',
				isNullable: true,
				isUnique: false,
				isSystem: false,
				relation: {
					type: 'MANY_TO_ONE',
					target: 'person',
					inverse: 'pointOfContactForOpportunities',
					joinColumn: 'pointOfContactId',
					onDelete: 'SET_NULL'
				}
			},
			{
				name: 'createdBy',
				label: 'Created by',
				type: 'ACTOR',
				icon: 'IconCreativeCommonsSa',
				description: 'The creator of the record',
				isNullable: false,
				isUnique: false,
				isSystem: false,
				defaultValue: { name: "'System'", source: "'MANUAL'", workspaceMemberId: null }
			},
			{
				name: 'stage',
				label: 'Stage',
				type: 'SELECT',
				icon: 'IconProgressCheck',
				description: 'Opportunity stage',
				isNullable: false,
				isUnique: false,
				isSystem: false,
				defaultValue: "'NEW'",
				options: [
					{ value: 'NEW', label: 'New', color: 'red', position: 0 },
					{ value: 'SCREENING', label: 'Screening', color: 'purple', position: 1 },
					{ value: 'MEETING', label: 'Meeting', color: 'sky', position: 2 },
					{ value: 'PROPOSAL', label: 'Proposal', color: 'turquoise', position: 3 },
					{ value: 'CUSTOMER', label: 'Customer', color: 'yellow', position: 4 }
				]
			},
			{
				name: 'attachments',
				label: 'Attachments',
				type: 'RELATION',
				icon: 'IconFileImport',
				description: 'Attachments linked to the opportunity',
				isNullable: true,
				isUnique: false,
				isSystem: true,
				relation: { type: 'ONE_TO_MANY', target: 'attachment', inverse: 'opportunity' }
			},
			{
				name: 'searchVector',
				label: 'Search vector',
				type: 'TS_VECTOR',
				icon: 'IconUser',
				description: 'Field used for full-text search',
				isNullable: true,
				isUnique: false,
				isSystem: true
			},
			{
				name: 'taskTargets',
				label: 'Tasks',
				type: 'RELATION',
				icon: 'IconCheckbox',
				description: 'Tasks tied to the opportunity',
				isNullable: true,
				isUnique: false,
				isSystem: false,
				relation: { type: 'ONE_TO_MANY', target: 'taskTarget', inverse: 'opportunity' }
			},
			{
				name: 'deletedAt',
				label: 'Deleted at',
				type: 'DATE_TIME',
				icon: 'IconCalendarMinus',
				description: 'Date when the record was deleted',
				isNullable: true,
				isUnique: false,
				isSystem: false
			},
			{
				name: 'name',
				label: 'Name',
				type: 'TEXT',
				icon: 'IconTargetArrow',
				description: 'The opportunity name',
				isNullable: false,
				isUnique: false,
				isSystem: false,
				defaultValue: "''"
			},
			{
				name: 'position',
				label: 'Position',
				type: 'POSITION',
				icon: 'IconHierarchy2',
				description: 'Opportunity record position',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: 0
			}
		]
	},
	{
		nameSingular: 'taskTarget',
		namePlural: 'taskTargets',
		labelSingular: 'Task Target',
		labelPlural: 'Task Targets',
		description: 'A task target',
		icon: 'IconCheckbox',
		isSystem: true,
		labelIdentifier: 'id',
		fields: [
			{
				name: 'company',
				label: 'Company',
				type: 'RELATION',
				icon: 'IconBuildingSkyscraper',
				description: 'TaskTarget company',
				isNullable: true,
				isUnique: false,
				isSystem: true,
				relation: { type: 'MANY_TO_ONE', target: 'company', inverse: 'taskTargets', joinColumn: 'companyId', onDelete: 'CASCADE' }
			},
			{
				name: 'opportunity',
				label: 'Opportunity',
				type: 'RELATION',
				icon: 'IconTargetArrow',
				description: 'TaskTarget opportunity',
				isNullable: true,
				isUnique: false,
				isSystem: true,
				relation: { type: 'MANY_TO_ONE', target: 'opportunity', inverse: 'taskTargets', joinColumn: 'opportunityId', onDelete: 'CASCADE' }
			},
			{
				name: 'person',
				label: 'Person',
				type: 'RELATION',
				icon: 'IconUser',
				description: 'TaskTarget person',
				isNullable: true,
				isUnique: false,
				isSystem: true,
				relation: { type: 'MANY_TO_ONE', target: 'person', inverse: 'taskTargets', joinColumn: 'personId', onDelete: 'CASCADE' }
			},
			{
				name: 'deletedAt',
				label: 'Deleted at',
				type: 'DATE_TIME',
				icon: 'IconCalendarMinus',
				description: 'Date when the record was deleted',
				isNullable: true,
				isUnique: false,
				isSystem: false
			},
			{
				name: 'updatedAt',
				label: 'Last update',
				type: 'DATE_TIME',
				icon: 'IconCalendarClock',
				description: 'Last time the record was changed',
				isNullable: false,
				isUnique: false,
				isSystem: false,
				defaultValue: 'now'
			},
			{
				name: 'id',
				label: 'Id',
				type: 'UUID',
				icon: 'Icon123',
				description: 'Id',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: 'uuid'
			},
			{
				name: 'createdAt',
				label: 'Creation date',
				type: 'DATE_TIME',
				icon: 'IconCalendar',
				description: 'Creation date',
				isNullable: false,
				isUnique: false,
				isSystem: false,
				defaultValue: 'now'
			},
			{
				name: 'task',
				label: 'Task',
				type: 'RELATION',
				icon: 'IconCheckbox',
				description: 'TaskTarget task',
				isNullable: true,
				isUnique: false,
				isSystem: true,
				relation: { type: 'MANY_TO_ONE', target: 'task', inverse: 'taskTargets', joinColumn: 'taskId', onDelete: 'CASCADE' }
			}
		]
	},
	{
		nameSingular: 'task',
		namePlural: 'tasks',
		labelSingular: 'Task',
		labelPlural: 'Tasks',
		description: 'A task',
		icon: 'IconCheckbox',
		isSystem: false,
		labelIdentifier: 'title',
		fields: [
			{
				name: 'assignee',
				label: 'Assignee',
				type: 'RELATION',
				icon: 'IconUserCircle',
				description: 'Task assignee',
				isNullable: true,
				isUnique: false,
				isSystem: false,
				relation: {
					type: 'MANY_TO_ONE',
					target: 'workspaceMember',
					inverse: 'assignedTasks',
					joinColumn: 'assigneeId',
					onDelete: 'SET_NULL'
				}
			},
			{
				name: 'createdBy',
				label: 'Created by',
				type: 'ACTOR',
				icon: 'IconCreativeCommonsSa',
				description: 'The creator of the record',
				isNullable: false,
				isUnique: false,
				isSystem: false,
				defaultValue: { name: "'System'", source: "'MANUAL'", workspaceMemberId: null }
			},
			{
				name: 'taskTargets',
				label: 'Relations',
				type: 'RELATION',
				icon: 'IconArrowUpRight',
				description: 'Task targets',
				isNullable: true,
				isUnique: false,
				isSystem: true,
				relation: { type: 'ONE_TO_MANY', target: 'taskTarget', inverse: 'task' }
			},
			{
				name: 'updatedAt',
				label: 'Last update',
				type: 'DATE_TIME',
				icon: 'IconCalendarClock',
				description: 'Last time the record was changed',
				isNullable: false,
				isUnique: false,
				isSystem: false,
				defaultValue: 'now'
			},
			{
				name: 'attachments',
				label: 'Attachments',
				type: 'RELATION',
				icon: 'IconFileImport',
				description: 'Task attachments',
				isNullable: true,
				isUnique: false,
				isSystem: true,
				relation: { type: 'ONE_TO_MANY', target: 'attachment', inverse: 'task' }
			},
			{
				name: 'dueAt',
				label: 'Due Date',
				type: 'DATE_TIME',
				icon: 'IconCalendarEvent',
				description: 'Task due date',
				isNullable: true,
				isUnique: false,
				isSystem: false
			},
			{
				name: 'bodyV2',
				label: 'Body',
				type: 'RICH_TEXT_V2',
				icon: 'IconFilePencil',
				description: 'Task body',
				isNullable: true,
				isUnique: false,
				isSystem: false
			},
			{
				name: 'searchVector',
				label: 'Search vector',
				type: 'TS_VECTOR',
				icon: 'IconUser',
				description: 'Field used for full-text search',
				isNullable: true,
				isUnique: false,
				isSystem: true
			},
			{
				name: 'title',
				label: 'Title',
				type: 'TEXT',
				icon: 'IconNotes',
				description: 'Task title',
				isNullable: false,
				isUnique: false,
				isSystem: false,
				defaultValue: "''"
			},
			{
				name: 'id',
				label: 'Id',
				type: 'UUID',
				icon: 'Icon123',
				description: 'Id',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: 'uuid'
			},
			{
				name: 'status',
				label: 'Status',
				type: 'SELECT',
				icon: 'IconCheck',
				description: 'Task status',
				isNullable: true,
				isUnique: false,
				isSystem: false,
				defaultValue: "'TODO'",
				options: [
					{ value: 'TODO', label: 'To do', color: 'sky', position: 0 },
					{ value: 'IN_PROGRESS', label: 'In progress', color: 'purple', position: 1 },
					{ value: 'DONE', label: 'Done', color: 'green', position: 2 }
				]
			},
			{
				name: 'createdAt',
				label: 'Creation date',
				type: 'DATE_TIME',
				icon: 'IconCalendar',
				description: 'Creation date',
				isNullable: false,
				isUnique: false,
				isSystem: false,
				defaultValue: 'now'
			},
			{
				name: 'position',
				label: 'Position',
				type: 'POSITION',
				icon: 'IconHierarchy2',
				description: 'Task record position',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: 0
			},
			{
				name: 'deletedAt',
				label: 'Deleted at',
				type: 'DATE_TIME',
				icon: 'IconCalendarMinus',
				description: 'Date when the record was deleted',
				isNullable: true,
				isUnique: false,
				isSystem: false
			}
		]
	},
	{
		nameSingular: 'workspaceMember',
		namePlural: 'workspaceMembers',
		labelSingular: 'Workspace Member',
		labelPlural: 'Workspace Members',
		description: 'A workspace member',
		icon: 'IconUserCircle',
		isSystem: true,
		labelIdentifier: 'name',
		imageIdentifier: 'avatarUrl',
		fields: [
			{
				name: 'searchVector',
				label: 'Search vector',
				type: 'TS_VECTOR',
				icon: 'IconUser',
				description: 'Field used for full-text search',
				isNullable: true,
				isUnique: false,
				isSystem: true
			},
			{
				name: 'avatarUrl',
				label: 'Avatar Url',
				type: 'TEXT',
				icon: 'IconFileUpload',
				description: 'Workspace member avatar',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: "''"
			},
			{
				name: 'dateFormat',
				label: 'Date format',
				type: 'SELECT',
				icon: 'IconCalendarEvent',
				description: "User's preferred date format",
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: "'SYSTEM'",
				options: [
					{ value: 'SYSTEM', label: 'System', color: 'turquoise', position: 0 },
					{ value: 'MONTH_FIRST', label: 'Month First', color: 'red', position: 1 },
					{ value: 'DAY_FIRST', label: 'Day First', color: 'purple', position: 2 },
					{ value: 'YEAR_FIRST', label: 'Year First', color: 'sky', position: 3 }
				]
			},
			{
				name: 'userEmail',
				label: 'User Email',
				type: 'TEXT',
				icon: 'IconMail',
				description: 'Related user email address',
				isNullable: false,
				isUnique: true,
				isSystem: true,
				defaultValue: "''"
			},
			{
				name: 'id',
				label: 'Id',
				type: 'UUID',
				icon: 'Icon123',
				description: 'Id',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: 'uuid'
			},
			{
				name: 'updatedAt',
				label: 'Last update',
				type: 'DATE_TIME',
				icon: 'IconCalendarClock',
				description: 'Last time the record was changed',
				isNullable: false,
				isUnique: false,
				isSystem: false,
				defaultValue: 'now'
			},
			{
				name: 'timeFormat',
				label: 'Time format',
				type: 'SELECT',
				icon: 'IconClock2',
				description: "User's preferred time format",
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: "'SYSTEM'",
				options: [
					{ value: 'SYSTEM', label: 'System', color: 'sky', position: 0 },
					{ value: 'HOUR_24', label: '24HRS', color: 'red', position: 1 },
					{ value: 'HOUR_12', label: '12HRS', color: 'purple', position: 2 }
				]
			},
			{
				name: 'calendarStartDay',
				label: 'Start of the week',
				type: 'NUMBER',
				icon: null,
				description: "User's preferred start day of the week",
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: 7
			},
			{
				name: 'userId',
				label: 'User Id',
				type: 'UUID',
				icon: 'IconCircleUsers',
				description: 'Associated User Id',
				isNullable: false,
				isUnique: false,
				isSystem: true
			},
			{
				name: 'authoredAttachments',
				label: 'Authored attachments',
				type: 'RELATION',
				icon: 'IconFileImport',
				description: 'Attachments created by the workspace member',
				isNullable: true,
				isUnique: false,
				isSystem: true,
				relation: { type: 'ONE_TO_MANY', target: 'attachment', inverse: 'author' }
			},
			{
				name: 'accountOwnerForCompanies',
				label: 'Account Owner For Companies',
				type: 'RELATION',
				icon: 'IconBriefcase',
				description: 'Account owner for companies',
				isNullable: true,
				isUnique: false,
				isSystem: true,
				relation: { type: 'ONE_TO_MANY', target: 'company', inverse: 'accountOwner' }
			},
			{
				name: 'assignedTasks',
				label: 'Assigned tasks',
				type: 'RELATION',
				icon: 'IconCheckbox',
				description: 'Tasks assigned to the workspace member',
				isNullable: true,
				isUnique: false,
				isSystem: true,
				relation: { type: 'ONE_TO_MANY', target: 'task', inverse: 'assignee' }
			},
			{
				name: 'position',
				label: 'Position',
				type: 'POSITION',
				icon: 'IconHierarchy2',
				description: 'Workspace member position',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: 0
			},
			{
				name: 'locale',
				label: 'Language',
				type: 'TEXT',
				icon: 'IconLanguage',
				description: 'Preferred language',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: "'en'"
			},
			{
				name: 'createdAt',
				label: 'Creation date',
				type: 'DATE_TIME',
				icon: 'IconCalendar',
				description: 'Creation date',
				isNullable: false,
				isUnique: false,
				isSystem: false,
				defaultValue: 'now'
			},
			{
				name: 'deletedAt',
				label: 'Deleted at',
				type: 'DATE_TIME',
				icon: 'IconCalendarMinus',
				description: 'Date when the record was deleted',
				isNullable: true,
				isUnique: false,
				isSystem: false
			},
			{
				name: 'name',
				label: 'Name',
				type: 'FULL_NAME',
				icon: 'IconCircleUser',
				description: 'Workspace member name',
				isNullable: false,
				isUnique: false,
				isSystem: false,
				defaultValue: { lastName: "''", firstName: "''" }
			},
			{
				name: 'timeZone',
				label: 'Time zone',
				type: 'TEXT',
				icon: 'IconTimezone',
				description: 'User time zone',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: "'system'"
			},
			{
				name: 'colorScheme',
				label: 'Color Scheme',
				type: 'TEXT',
				icon: 'IconColorSwatch',
				description: 'Preferred color scheme',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: "'System'"
			}
		]
	}
];
