// Standard objects of a Twenty 2.20-based server, as its metadata API listed them in
// test/fixtures/twenty-recordings/v2.20-fork/11b_get_metadata_objects.full.json: only the
// nine objects Ferry uses, without the seed workspace's custom fields (another
// applicationId), and only relations between those nine. That version's output carries no
// relation targets; they are filled in from the join-column names.
import type { ObjectDef } from '../types.js';

export const V2_20_OBJECTS: ObjectDef[] = [
	{
		nameSingular: 'task',
		namePlural: 'tasks',
		labelSingular: 'Task',
		labelPlural: 'Tasks',
		description: 'A task',
		icon: 'IconCheckbox',
		isSystem: false,
		labelIdentifier: 'title',
		shortcut: 'T',
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
				name: 'createdAt',
				label: 'Creation date',
				type: 'DATE_TIME',
				icon: 'IconCalendar',
				description: 'Creation date',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: 'now',
				settings: { displayFormat: 'RELATIVE' }
			},
			{
				name: 'updatedAt',
				label: 'Last update',
				type: 'DATE_TIME',
				icon: 'IconCalendarClock',
				description: 'Last time the record was changed',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: 'now',
				settings: { displayFormat: 'RELATIVE' }
			},
			{
				name: 'deletedAt',
				label: 'Deleted at',
				type: 'DATE_TIME',
				icon: 'IconCalendarMinus',
				description: 'Date when the record was deleted',
				isNullable: true,
				isUnique: false,
				isSystem: true,
				settings: { displayFormat: 'RELATIVE' }
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
				name: 'title',
				label: 'Title',
				type: 'TEXT',
				icon: 'IconNotes',
				description: 'Task title',
				isNullable: true,
				isUnique: false,
				isSystem: false
			},
			{
				name: 'bodyV2',
				label: 'Body',
				type: 'RICH_TEXT',
				icon: 'IconFilePencil',
				description: 'Task body',
				isNullable: true,
				isUnique: false,
				isSystem: false
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
				name: 'createdBy',
				label: 'Created by',
				type: 'ACTOR',
				icon: 'IconCreativeCommonsSa',
				description: 'The creator of the record',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: { name: "'System'", source: "'MANUAL'", workspaceMemberId: null }
			},
			{
				name: 'updatedBy',
				label: 'Updated by',
				type: 'ACTOR',
				icon: 'IconUserCircle',
				description: 'The workspace member who last updated the record',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: { name: "'System'", source: "'MANUAL'", workspaceMemberId: null }
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
				description: 'Task attachments',
				isNullable: true,
				isUnique: false,
				isSystem: false,
				relation: { type: 'ONE_TO_MANY', target: 'attachment', inverse: 'targetTask' }
			},
			{
				name: 'taskTargets',
				label: 'Relations',
				type: 'RELATION',
				icon: 'IconArrowUpRight',
				description: 'Task targets',
				isNullable: true,
				isUnique: false,
				isSystem: false,
				relation: { type: 'ONE_TO_MANY', target: 'taskTarget', inverse: 'task' }
			},
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
		shortcut: 'N',
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
				name: 'createdAt',
				label: 'Creation date',
				type: 'DATE_TIME',
				icon: 'IconCalendar',
				description: 'Creation date',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: 'now',
				settings: { displayFormat: 'RELATIVE' }
			},
			{
				name: 'updatedAt',
				label: 'Last update',
				type: 'DATE_TIME',
				icon: 'IconCalendarClock',
				description: 'Last time the record was changed',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: 'now',
				settings: { displayFormat: 'RELATIVE' }
			},
			{
				name: 'deletedAt',
				label: 'Deleted at',
				type: 'DATE_TIME',
				icon: 'IconCalendarMinus',
				description: 'Date when the record was deleted',
				isNullable: true,
				isUnique: false,
				isSystem: true,
				settings: { displayFormat: 'RELATIVE' }
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
				name: 'title',
				label: 'Title',
				type: 'TEXT',
				icon: 'IconNotes',
				description: 'Note title',
				isNullable: true,
				isUnique: false,
				isSystem: false
			},
			{
				name: 'bodyV2',
				label: 'Body',
				type: 'RICH_TEXT',
				icon: 'IconFilePencil',
				description: 'Note body',
				isNullable: true,
				isUnique: false,
				isSystem: false
			},
			{
				name: 'createdBy',
				label: 'Created by',
				type: 'ACTOR',
				icon: 'IconCreativeCommonsSa',
				description: 'The creator of the record',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: { name: "'System'", source: "'MANUAL'", workspaceMemberId: null }
			},
			{
				name: 'updatedBy',
				label: 'Updated by',
				type: 'ACTOR',
				icon: 'IconUserCircle',
				description: 'The workspace member who last updated the record',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: { name: "'System'", source: "'MANUAL'", workspaceMemberId: null }
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
				description: 'Note attachments',
				isNullable: true,
				isUnique: false,
				isSystem: false,
				relation: { type: 'ONE_TO_MANY', target: 'attachment', inverse: 'targetNote' }
			},
			{
				name: 'noteTargets',
				label: 'Relations',
				type: 'RELATION',
				icon: 'IconArrowUpRight',
				description: 'Note targets',
				isNullable: true,
				isUnique: false,
				isSystem: false,
				relation: { type: 'ONE_TO_MANY', target: 'noteTarget', inverse: 'note' }
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
				name: 'avatarUrl',
				label: 'Avatar Url',
				type: 'TEXT',
				icon: 'IconFileUpload',
				description: 'Workspace member avatar',
				isNullable: true,
				isUnique: false,
				isSystem: true
			},
			{
				name: 'userEmail',
				label: 'User Email',
				type: 'TEXT',
				icon: 'IconMail',
				description: 'Related user email address',
				isNullable: true,
				isUnique: true,
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
				name: 'createdAt',
				label: 'Creation date',
				type: 'DATE_TIME',
				icon: 'IconCalendar',
				description: 'Creation date',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: 'now',
				settings: { displayFormat: 'RELATIVE' }
			},
			{
				name: 'updatedAt',
				label: 'Last update',
				type: 'DATE_TIME',
				icon: 'IconCalendarClock',
				description: 'Last time the record was changed',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: 'now',
				settings: { displayFormat: 'RELATIVE' }
			},
			{
				name: 'deletedAt',
				label: 'Deleted at',
				type: 'DATE_TIME',
				icon: 'IconCalendarMinus',
				description: 'Date when the record was deleted',
				isNullable: true,
				isUnique: false,
				isSystem: true,
				settings: { displayFormat: 'RELATIVE' }
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
				name: 'name',
				label: 'Name',
				type: 'FULL_NAME',
				icon: 'IconCircleUser',
				description: 'Workspace member name',
				isNullable: false,
				isUnique: false,
				isSystem: false
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
				name: 'jobTitle',
				label: 'Job Title',
				type: 'TEXT',
				icon: 'IconBriefcase',
				description: 'Workspace member job title',
				isNullable: true,
				isUnique: false,
				isSystem: true
			},
			{
				name: 'calendarStartDay',
				label: 'Start of the week',
				type: 'NUMBER',
				icon: 'IconCalendar',
				description: "User's preferred start day of the week",
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: 7,
				settings: { dataType: 'int' }
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
				name: 'numberFormat',
				label: 'Number format',
				type: 'SELECT',
				icon: 'IconNumbers',
				description: "User's preferred number format",
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: "'SYSTEM'",
				options: [
					{ value: 'SYSTEM', label: 'System', color: 'turquoise', position: 0 },
					{ value: 'COMMAS_AND_DOT', label: 'Commas and dot', color: 'blue', position: 1 },
					{ value: 'SPACES_AND_COMMA', label: 'Spaces and comma', color: 'green', position: 2 },
					{ value: 'DOTS_AND_COMMA', label: 'Dots and comma', color: 'orange', position: 3 },
					{ value: 'APOSTROPHE_AND_DOT', label: 'Apostrophe and dot', color: 'purple', position: 4 }
				]
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
				isSystem: true,
				defaultValue: { name: "'System'", source: "'MANUAL'", workspaceMemberId: null }
			},
			{
				name: 'updatedBy',
				label: 'Updated by',
				type: 'ACTOR',
				icon: 'IconUserCircle',
				description: 'The workspace member who last updated the record',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: { name: "'System'", source: "'MANUAL'", workspaceMemberId: null }
			},
			{
				name: 'accountOwnerForCompanies',
				label: 'Account Owner For Companies',
				type: 'RELATION',
				icon: 'IconBriefcase',
				description: 'Account owner for companies',
				isNullable: false,
				isUnique: false,
				isSystem: false,
				relation: { type: 'ONE_TO_MANY', target: 'company', inverse: 'accountOwner' }
			},
			{
				name: 'ownedOpportunities',
				label: 'Owned opportunities',
				type: 'RELATION',
				icon: 'IconTargetArrow',
				description: 'Opportunities owned by the workspace member',
				isNullable: false,
				isUnique: false,
				isSystem: false,
				relation: { type: 'ONE_TO_MANY', target: 'opportunity', inverse: 'owner' }
			},
			{
				name: 'assignedTasks',
				label: 'Assigned tasks',
				type: 'RELATION',
				icon: 'IconCheckbox',
				description: 'Tasks assigned to the workspace member',
				isNullable: false,
				isUnique: false,
				isSystem: false,
				relation: { type: 'ONE_TO_MANY', target: 'task', inverse: 'assignee' }
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
				isSystem: true,
				defaultValue: 'now',
				settings: { displayFormat: 'RELATIVE' }
			},
			{
				name: 'updatedAt',
				label: 'Last update',
				type: 'DATE_TIME',
				icon: 'IconCalendarClock',
				description: 'Last time the record was changed',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: 'now',
				settings: { displayFormat: 'RELATIVE' }
			},
			{
				name: 'deletedAt',
				label: 'Deleted at',
				type: 'DATE_TIME',
				icon: 'IconCalendarMinus',
				description: 'Date when the record was deleted',
				isNullable: true,
				isUnique: false,
				isSystem: true,
				settings: { displayFormat: 'RELATIVE' }
			},
			{
				name: 'name',
				label: 'Name',
				type: 'TEXT',
				icon: 'IconFileUpload',
				description: 'Attachment name',
				isNullable: true,
				isUnique: false,
				isSystem: false
			},
			{
				name: 'file',
				label: 'File',
				type: 'FILES',
				icon: 'IconFileUpload',
				description: 'Attachment file',
				isNullable: true,
				isUnique: false,
				isSystem: false,
				settings: { maxNumberOfValues: 1 }
			},
			{
				name: 'fullPath',
				label: 'Full path',
				type: 'TEXT',
				icon: 'IconLink',
				description: 'Attachment full path',
				isNullable: true,
				isUnique: false,
				isSystem: true
			},
			{
				name: 'fileCategory',
				label: 'File category',
				type: 'SELECT',
				icon: 'IconList',
				description: 'Attachment file category',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: "'OTHER'",
				options: [
					{ value: 'ARCHIVE', label: 'Archive', color: 'gray', position: 0 },
					{ value: 'AUDIO', label: 'Audio', color: 'pink', position: 1 },
					{ value: 'IMAGE', label: 'Image', color: 'yellow', position: 2 },
					{ value: 'PRESENTATION', label: 'Presentation', color: 'orange', position: 3 },
					{ value: 'SPREADSHEET', label: 'Spreadsheet', color: 'turquoise', position: 4 },
					{ value: 'TEXT_DOCUMENT', label: 'Text Document', color: 'blue', position: 5 },
					{ value: 'VIDEO', label: 'Video', color: 'purple', position: 6 },
					{ value: 'OTHER', label: 'Other', color: 'gray', position: 7 }
				]
			},
			{
				name: 'createdBy',
				label: 'Created by',
				type: 'ACTOR',
				icon: 'IconCreativeCommonsSa',
				description: 'The creator of the record',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: { name: "'System'", source: "'MANUAL'", workspaceMemberId: null }
			},
			{
				name: 'updatedBy',
				label: 'Updated by',
				type: 'ACTOR',
				icon: 'IconUserCircle',
				description: 'The workspace member who last updated the record',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: { name: "'System'", source: "'MANUAL'", workspaceMemberId: null }
			},
			{
				name: 'position',
				label: 'Position',
				type: 'POSITION',
				icon: 'IconHierarchy2',
				description: 'Attachment record position',
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
				name: 'targetTask',
				label: 'Target',
				type: 'MORPH_RELATION',
				icon: 'IconArrowUpRight',
				description: 'Attachment target',
				isNullable: true,
				isUnique: false,
				isSystem: false,
				relation: { type: 'MANY_TO_ONE', target: 'task', inverse: 'attachments', joinColumn: 'targetTaskId', onDelete: 'SET_NULL' }
			},
			{
				name: 'targetNote',
				label: 'Target',
				type: 'MORPH_RELATION',
				icon: 'IconArrowUpRight',
				description: 'Attachment target',
				isNullable: true,
				isUnique: false,
				isSystem: false,
				relation: { type: 'MANY_TO_ONE', target: 'note', inverse: 'attachments', joinColumn: 'targetNoteId', onDelete: 'SET_NULL' }
			},
			{
				name: 'targetPerson',
				label: 'Target',
				type: 'MORPH_RELATION',
				icon: 'IconArrowUpRight',
				description: 'Attachment target',
				isNullable: true,
				isUnique: false,
				isSystem: false,
				relation: { type: 'MANY_TO_ONE', target: 'person', inverse: 'attachments', joinColumn: 'targetPersonId', onDelete: 'CASCADE' }
			},
			{
				name: 'targetCompany',
				label: 'Target',
				type: 'MORPH_RELATION',
				icon: 'IconArrowUpRight',
				description: 'Attachment target',
				isNullable: true,
				isUnique: false,
				isSystem: false,
				relation: { type: 'MANY_TO_ONE', target: 'company', inverse: 'attachments', joinColumn: 'targetCompanyId', onDelete: 'CASCADE' }
			},
			{
				name: 'targetOpportunity',
				label: 'Target',
				type: 'MORPH_RELATION',
				icon: 'IconArrowUpRight',
				description: 'Attachment target',
				isNullable: true,
				isUnique: false,
				isSystem: false,
				relation: {
					type: 'MANY_TO_ONE',
					target: 'opportunity',
					inverse: 'attachments',
					joinColumn: 'targetOpportunityId',
					onDelete: 'CASCADE'
				}
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
				name: 'createdAt',
				label: 'Creation date',
				type: 'DATE_TIME',
				icon: 'IconCalendar',
				description: 'Creation date',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: 'now',
				settings: { displayFormat: 'RELATIVE' }
			},
			{
				name: 'updatedAt',
				label: 'Last update',
				type: 'DATE_TIME',
				icon: 'IconCalendarClock',
				description: 'Last time the record was changed',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: 'now',
				settings: { displayFormat: 'RELATIVE' }
			},
			{
				name: 'deletedAt',
				label: 'Deleted at',
				type: 'DATE_TIME',
				icon: 'IconCalendarMinus',
				description: 'Date when the record was deleted',
				isNullable: true,
				isUnique: false,
				isSystem: true,
				settings: { displayFormat: 'RELATIVE' }
			},
			{
				name: 'createdBy',
				label: 'Created by',
				type: 'ACTOR',
				icon: 'IconCreativeCommonsSa',
				description: 'The creator of the record',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: { name: "'System'", source: "'MANUAL'", workspaceMemberId: null }
			},
			{
				name: 'updatedBy',
				label: 'Updated by',
				type: 'ACTOR',
				icon: 'IconUserCircle',
				description: 'The workspace member who last updated the record',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: { name: "'System'", source: "'MANUAL'", workspaceMemberId: null }
			},
			{
				name: 'position',
				label: 'Position',
				type: 'POSITION',
				icon: 'IconHierarchy2',
				description: 'NoteTarget record position',
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
				name: 'targetCompany',
				label: 'Target',
				type: 'MORPH_RELATION',
				icon: 'IconArrowUpRight',
				description: 'NoteTarget target',
				isNullable: true,
				isUnique: false,
				isSystem: false,
				relation: { type: 'MANY_TO_ONE', target: 'company', inverse: 'noteTargets', joinColumn: 'targetCompanyId', onDelete: 'CASCADE' }
			},
			{
				name: 'note',
				label: 'Note',
				type: 'RELATION',
				icon: 'IconNotes',
				description: 'NoteTarget note',
				isNullable: true,
				isUnique: false,
				isSystem: false,
				relation: { type: 'MANY_TO_ONE', target: 'note', inverse: 'noteTargets', joinColumn: 'noteId', onDelete: 'CASCADE' }
			},
			{
				name: 'targetPerson',
				label: 'Target',
				type: 'MORPH_RELATION',
				icon: 'IconArrowUpRight',
				description: 'NoteTarget target',
				isNullable: true,
				isUnique: false,
				isSystem: false,
				relation: { type: 'MANY_TO_ONE', target: 'person', inverse: 'noteTargets', joinColumn: 'targetPersonId', onDelete: 'CASCADE' }
			},
			{
				name: 'targetOpportunity',
				label: 'Target',
				type: 'MORPH_RELATION',
				icon: 'IconArrowUpRight',
				description: 'NoteTarget target',
				isNullable: true,
				isUnique: false,
				isSystem: false,
				relation: {
					type: 'MANY_TO_ONE',
					target: 'opportunity',
					inverse: 'noteTargets',
					joinColumn: 'targetOpportunityId',
					onDelete: 'CASCADE'
				}
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
				isSystem: true,
				defaultValue: 'now',
				settings: { displayFormat: 'RELATIVE' }
			},
			{
				name: 'updatedAt',
				label: 'Last update',
				type: 'DATE_TIME',
				icon: 'IconCalendarClock',
				description: 'Last time the record was changed',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: 'now',
				settings: { displayFormat: 'RELATIVE' }
			},
			{
				name: 'deletedAt',
				label: 'Deleted at',
				type: 'DATE_TIME',
				icon: 'IconCalendarMinus',
				description: 'Date when the record was deleted',
				isNullable: true,
				isUnique: false,
				isSystem: true,
				settings: { displayFormat: 'RELATIVE' }
			},
			{
				name: 'createdBy',
				label: 'Created by',
				type: 'ACTOR',
				icon: 'IconCreativeCommonsSa',
				description: 'The creator of the record',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: { name: "'System'", source: "'MANUAL'", workspaceMemberId: null }
			},
			{
				name: 'updatedBy',
				label: 'Updated by',
				type: 'ACTOR',
				icon: 'IconUserCircle',
				description: 'The workspace member who last updated the record',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: { name: "'System'", source: "'MANUAL'", workspaceMemberId: null }
			},
			{
				name: 'position',
				label: 'Position',
				type: 'POSITION',
				icon: 'IconHierarchy2',
				description: 'TaskTarget record position',
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
				name: 'targetCompany',
				label: 'Target',
				type: 'MORPH_RELATION',
				icon: 'IconArrowUpRight',
				description: 'TaskTarget target',
				isNullable: true,
				isUnique: false,
				isSystem: false,
				relation: { type: 'MANY_TO_ONE', target: 'company', inverse: 'taskTargets', joinColumn: 'targetCompanyId', onDelete: 'CASCADE' }
			},
			{
				name: 'targetOpportunity',
				label: 'Target',
				type: 'MORPH_RELATION',
				icon: 'IconArrowUpRight',
				description: 'TaskTarget target',
				isNullable: true,
				isUnique: false,
				isSystem: false,
				relation: {
					type: 'MANY_TO_ONE',
					target: 'opportunity',
					inverse: 'taskTargets',
					joinColumn: 'targetOpportunityId',
					onDelete: 'CASCADE'
				}
			},
			{
				name: 'targetPerson',
				label: 'Target',
				type: 'MORPH_RELATION',
				icon: 'IconArrowUpRight',
				description: 'TaskTarget target',
				isNullable: true,
				isUnique: false,
				isSystem: false,
				relation: { type: 'MANY_TO_ONE', target: 'person', inverse: 'taskTargets', joinColumn: 'targetPersonId', onDelete: 'CASCADE' }
			},
			{
				name: 'task',
				label: 'Task',
				type: 'RELATION',
				icon: 'IconCheckbox',
				description: 'TaskTarget task',
				isNullable: true,
				isUnique: false,
				isSystem: false,
				relation: { type: 'MANY_TO_ONE', target: 'task', inverse: 'taskTargets', joinColumn: 'taskId', onDelete: 'CASCADE' }
			}
		]
	},
	{
		nameSingular: 'person',
		duplicateCriteria: [['nameFirstName', 'nameLastName'], ['linkedinLinkPrimaryLinkUrl'], ['emailsPrimaryEmail']],
		namePlural: 'people',
		labelSingular: 'Person',
		labelPlural: 'People',
		description: 'A person',
		icon: 'IconUser',
		isSystem: false,
		labelIdentifier: 'name',
		shortcut: 'P',
		imageIdentifier: 'avatarUrl',
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
				name: 'createdAt',
				label: 'Creation date',
				type: 'DATE_TIME',
				icon: 'IconCalendar',
				description: 'Creation date',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: 'now',
				settings: { displayFormat: 'RELATIVE' }
			},
			{
				name: 'updatedAt',
				label: 'Last update',
				type: 'DATE_TIME',
				icon: 'IconCalendarClock',
				description: 'Last time the record was changed',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: 'now',
				settings: { displayFormat: 'RELATIVE' }
			},
			{
				name: 'deletedAt',
				label: 'Deleted at',
				type: 'DATE_TIME',
				icon: 'IconCalendarMinus',
				description: 'Date when the record was deleted',
				isNullable: true,
				isUnique: false,
				isSystem: true,
				settings: { displayFormat: 'RELATIVE' }
			},
			{
				name: 'name',
				label: 'Name',
				type: 'FULL_NAME',
				icon: 'IconUser',
				description: "Contact's name",
				isNullable: true,
				isUnique: false,
				isSystem: false
			},
			{
				name: 'emails',
				label: 'Emails',
				type: 'EMAILS',
				icon: 'IconMail',
				description: "Contact's Emails",
				isNullable: true,
				isUnique: true,
				isSystem: false,
				settings: { maxNumberOfValues: 1 }
			},
			{
				name: 'linkedinLink',
				label: 'Linkedin',
				type: 'LINKS',
				icon: 'IconBrandLinkedin',
				description: "Contact's Linkedin account",
				isNullable: true,
				isUnique: false,
				isSystem: false
			},
			{
				name: 'jobTitle',
				label: 'Job Title',
				type: 'TEXT',
				icon: 'IconBriefcase',
				description: "Contact's job title",
				isNullable: true,
				isUnique: false,
				isSystem: false
			},
			{
				name: 'phones',
				label: 'Phones',
				type: 'PHONES',
				icon: 'IconPhone',
				description: "Contact's phone numbers",
				isNullable: true,
				isUnique: false,
				isSystem: false,
				settings: { maxNumberOfValues: 1 }
			},
			{
				name: 'avatarUrl',
				label: 'Avatar',
				type: 'TEXT',
				icon: 'IconFileUpload',
				description: "Contact's avatar",
				isNullable: true,
				isUnique: false,
				isSystem: true
			},
			{
				name: 'avatarFile',
				label: 'Avatar File',
				type: 'FILES',
				icon: 'IconFileUpload',
				description: "Contact's avatar file",
				isNullable: true,
				isUnique: false,
				isSystem: true,
				settings: { maxNumberOfValues: 1 }
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
				name: 'createdBy',
				label: 'Created by',
				type: 'ACTOR',
				icon: 'IconCreativeCommonsSa',
				description: 'The creator of the record',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: { name: "'System'", source: "'MANUAL'", workspaceMemberId: null }
			},
			{
				name: 'updatedBy',
				label: 'Updated by',
				type: 'ACTOR',
				icon: 'IconUserCircle',
				description: 'The workspace member who last updated the record',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: { name: "'System'", source: "'MANUAL'", workspaceMemberId: null }
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
				description: 'Attachments linked to the contact.',
				isNullable: true,
				isUnique: false,
				isSystem: false,
				relation: { type: 'ONE_TO_MANY', target: 'attachment', inverse: 'targetPerson' }
			},
			{
				name: 'company',
				label: 'Company',
				type: 'RELATION',
				icon: 'IconBuildingSkyscraper',
				description: "Contact's company",
				isNullable: true,
				isUnique: false,
				isSystem: false,
				relation: { type: 'MANY_TO_ONE', target: 'company', inverse: 'people', joinColumn: 'companyId', onDelete: 'SET_NULL' }
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
				relation: { type: 'ONE_TO_MANY', target: 'noteTarget', inverse: 'targetPerson' }
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
				name: 'taskTargets',
				label: 'Tasks',
				type: 'RELATION',
				icon: 'IconCheckbox',
				description: 'Tasks tied to the contact',
				isNullable: true,
				isUnique: false,
				isSystem: false,
				relation: { type: 'ONE_TO_MANY', target: 'taskTarget', inverse: 'targetPerson' }
			}
		]
	},
	{
		nameSingular: 'company',
		duplicateCriteria: [['name'], ['domainNamePrimaryLinkUrl']],
		namePlural: 'companies',
		labelSingular: 'Company',
		labelPlural: 'Companies',
		description: 'A company',
		icon: 'IconBuildingSkyscraper',
		isSystem: false,
		labelIdentifier: 'name',
		shortcut: 'C',
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
				name: 'createdAt',
				label: 'Creation date',
				type: 'DATE_TIME',
				icon: 'IconCalendar',
				description: 'Creation date',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: 'now',
				settings: { displayFormat: 'RELATIVE' }
			},
			{
				name: 'updatedAt',
				label: 'Last update',
				type: 'DATE_TIME',
				icon: 'IconCalendarClock',
				description: 'Last time the record was changed',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: 'now',
				settings: { displayFormat: 'RELATIVE' }
			},
			{
				name: 'deletedAt',
				label: 'Deleted at',
				type: 'DATE_TIME',
				icon: 'IconCalendarMinus',
				description: 'Date when the record was deleted',
				isNullable: true,
				isUnique: false,
				isSystem: true,
				settings: { displayFormat: 'RELATIVE' }
			},
			{
				name: 'name',
				label: 'Name',
				type: 'TEXT',
				icon: 'IconBuildingSkyscraper',
				description: 'The company name',
				isNullable: true,
				isUnique: false,
				isSystem: false
			},
			{
				name: 'domainName',
				label: 'Domain Name',
				type: 'LINKS',
				icon: 'IconLink',
				description: 'The company website URL. We use this url to fetch the company icon',
				isNullable: true,
				isUnique: true,
				isSystem: false,
				settings: { maxNumberOfValues: 1 }
			},
			{
				name: 'address',
				label: 'Address',
				type: 'ADDRESS',
				icon: 'IconMap',
				description: 'Address of the company',
				isNullable: true,
				isUnique: false,
				isSystem: false
			},
			{
				name: 'linkedinLink',
				label: 'Linkedin',
				type: 'LINKS',
				icon: 'IconBrandLinkedin',
				description: 'The company Linkedin account',
				isNullable: true,
				isUnique: false,
				isSystem: false
			},
			{
				name: 'annualRevenue',
				label: 'Annual Revenue',
				type: 'CURRENCY',
				icon: 'IconMoneybag',
				description: "The company's total annual revenue",
				isNullable: true,
				isUnique: false,
				isSystem: false
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
				name: 'createdBy',
				label: 'Created by',
				type: 'ACTOR',
				icon: 'IconCreativeCommonsSa',
				description: 'The creator of the record',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: { name: "'System'", source: "'MANUAL'", workspaceMemberId: null }
			},
			{
				name: 'updatedBy',
				label: 'Updated by',
				type: 'ACTOR',
				icon: 'IconUserCircle',
				description: 'The workspace member who last updated the record',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: { name: "'System'", source: "'MANUAL'", workspaceMemberId: null }
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
				isSystem: false,
				relation: { type: 'ONE_TO_MANY', target: 'attachment', inverse: 'targetCompany' }
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
				relation: { type: 'ONE_TO_MANY', target: 'taskTarget', inverse: 'targetCompany' }
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
				relation: { type: 'ONE_TO_MANY', target: 'noteTarget', inverse: 'targetCompany' }
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
		shortcut: 'O',
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
				name: 'createdAt',
				label: 'Creation date',
				type: 'DATE_TIME',
				icon: 'IconCalendar',
				description: 'Creation date',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: 'now',
				settings: { displayFormat: 'RELATIVE' }
			},
			{
				name: 'updatedAt',
				label: 'Last update',
				type: 'DATE_TIME',
				icon: 'IconCalendarClock',
				description: 'Last time the record was changed',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: 'now',
				settings: { displayFormat: 'RELATIVE' }
			},
			{
				name: 'deletedAt',
				label: 'Deleted at',
				type: 'DATE_TIME',
				icon: 'IconCalendarMinus',
				description: 'Date when the record was deleted',
				isNullable: true,
				isUnique: false,
				isSystem: true,
				settings: { displayFormat: 'RELATIVE' }
			},
			{
				name: 'name',
				label: 'Name',
				type: 'TEXT',
				icon: 'IconTargetArrow',
				description: 'The opportunity name',
				isNullable: true,
				isUnique: false,
				isSystem: false
			},
			{
				name: 'amount',
				label: 'Amount',
				type: 'CURRENCY',
				icon: 'IconCurrencyDollar',
				description: 'Opportunity amount',
				isNullable: true,
				isUnique: false,
				isSystem: false
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
				name: 'position',
				label: 'Position',
				type: 'POSITION',
				icon: 'IconHierarchy2',
				description: 'Opportunity record position',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: 0
			},
			{
				name: 'createdBy',
				label: 'Created by',
				type: 'ACTOR',
				icon: 'IconCreativeCommonsSa',
				description: 'The creator of the record',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: { name: "'System'", source: "'MANUAL'", workspaceMemberId: null }
			},
			{
				name: 'updatedBy',
				label: 'Updated by',
				type: 'ACTOR',
				icon: 'IconUserCircle',
				description: 'The workspace member who last updated the record',
				isNullable: false,
				isUnique: false,
				isSystem: true,
				defaultValue: { name: "'System'", source: "'MANUAL'", workspaceMemberId: null }
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
				description: 'Attachments linked to the opportunity',
				isNullable: true,
				isUnique: false,
				isSystem: false,
				relation: { type: 'ONE_TO_MANY', target: 'attachment', inverse: 'targetOpportunity' }
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
				relation: { type: 'ONE_TO_MANY', target: 'noteTarget', inverse: 'targetOpportunity' }
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
				name: 'taskTargets',
				label: 'Tasks',
				type: 'RELATION',
				icon: 'IconCheckbox',
				description: 'Tasks tied to the opportunity',
				isNullable: true,
				isUnique: false,
				isSystem: false,
				relation: { type: 'ONE_TO_MANY', target: 'taskTarget', inverse: 'targetOpportunity' }
			},
			{
				name: 'owner',
				label: 'Owner',
				type: 'RELATION',
				icon: 'IconUserCircle',
				description: 'Opportunity owner',
				isNullable: true,
				isUnique: false,
				isSystem: false,
				relation: {
					type: 'MANY_TO_ONE',
					target: 'workspaceMember',
					inverse: 'ownedOpportunities',
					joinColumn: 'ownerId',
					onDelete: 'SET_NULL'
				}
			}
		]
	}
];
