// Clinical text: note bodies (plain, HTML, RTF, and a few very long ones), titles,
// appointment notes, cancellation reasons, invoice lines and document names.
import type { Rng } from './prng.js';

export const COMPLAINTS = [
	'lower back pain after lifting at work',
	'right knee pain when running',
	'neck stiffness, worse in the mornings',
	'recurrent headaches over the past fortnight',
	'shoulder pain reaching overhead',
	'a dry cough for 10 days',
	'fatigue and poor sleep',
	'an itchy rash on both forearms',
	'ankle sprain playing netball on Saturday',
	'heel pain on first steps in the morning',
	'low mood and reduced appetite',
	'follow-up of blood pressure',
	'review of type 2 diabetes management',
	'hip pain climbing stairs',
	'tennis elbow, aggravated by keyboard work',
	'post-operative review after ACL reconstruction',
	'sore throat and mild fever (37.9°C)',
	'dizziness on standing'
];

const EXAM = [
	'BP 128/82, HR 72 reg, afebrile.',
	'Full ROM with pain at end of range; no neuro deficit.',
	'Tender over lateral epicondyle; grip strength reduced on the right.',
	'Mild swelling over ATFL, ligament stable on anterior drawer.',
	'Chest clear, no wheeze. Sats 98% RA.',
	'Straight leg raise negative bilaterally.',
	'Skin: erythematous papular rash, no secondary infection.',
	'BMI 27.4. Foot pulses present.',
	'Gait antalgic; tenderness at medial calcaneal tubercle.',
	'PHQ-9 score 11 (moderate).'
];

const ASSESS = [
	'Mechanical low back pain, no red flags.',
	'Patellofemoral pain syndrome.',
	'Lateral epicondylalgia.',
	'Grade I lateral ankle sprain.',
	'Viral URTI, likely self-limiting.',
	'Hypertension, well controlled.',
	'Plantar fasciopathy.',
	'Contact dermatitis.',
	'Adjustment disorder with depressed mood.',
	'T2DM, HbA1c trending down.'
];

const PLAN = [
	'Home exercise program provided; review in 2 weeks.',
	'Ice 15 min TDS, compression, graded return to sport.',
	'Continue current medication; repeat bloods in 3 months.',
	'Referred for X-ray; pt to book with radiology.',
	'Discussed sleep hygiene; mental health care plan commenced.',
	'Script provided. Pt’s questions answered; happy with plan.',
	'Taping applied; orthotics discussed.',
	'Advised paracetamol prn; return if not improving in 7 days.',
	'Letter to GP to follow.',
	'Booked in for 6 sessions of physiotherapy.'
];

const MEDS = [
	'Amoxicillin 500 mg',
	'Meloxicam 15 mg',
	'Metformin 500 mg',
	'Perindopril 5 mg',
	'Sertraline 50 mg',
	'Salbutamol 100 µg inhaler',
	'Prednisolone 25 mg',
	'Atorvastatin 20 mg'
];
const LABS = ['FBC, UEC, LFT', 'HbA1c', 'Lipid studies', 'Iron studies', 'Vitamin D', 'TSH', 'CRP/ESR', 'Urine MCS'];
const SPECIALISTS = [
	'orthopaedic surgeon',
	'dermatologist',
	'sports physician',
	'psychologist',
	'endocrinologist',
	'podiatrist',
	'cardiologist'
];

export type NoteType = 'Visit Summary' | 'Prescription' | 'Lab Result' | 'Referral Letter' | 'Other';

export function noteTitle(rng: Rng, type: NoteType, apptType: string): string {
	switch (type) {
		case 'Visit Summary':
			return `${apptType} - visit summary`;
		case 'Prescription':
			return `Script: ${rng.pick(MEDS)}`;
		case 'Lab Result':
			return `${rng.pick(LABS)} results`;
		case 'Referral Letter':
			return `Referral to ${rng.pick(SPECIALISTS)}`;
		default:
			return rng.pick(['Phone call', 'Admin note', 'Correspondence received', 'Imported from previous system']);
	}
}

function soap(rng: Rng): [string, string, string, string] {
	return [`Pt presents with ${rng.pick(COMPLAINTS)}.`, rng.pick(EXAM), rng.pick(ASSESS), rng.pick(PLAN)];
}

export function plainBody(rng: Rng, type: NoteType): string {
	if (type === 'Prescription') return `${rng.pick(MEDS)}\nSig: 1 tab daily\nQty: 30, Rpts: ${rng.int(0, 5)}`;
	if (type === 'Lab Result')
		return `${rng.pick(LABS)}: within normal limits except ${rng.pick(['mildly raised ALT', 'low ferritin (12 µg/L)', 'Vit D 42 nmol/L', 'HbA1c 7.1%'])}.\nDiscussed with pt by phone.`;
	const [s, o, a, p] = soap(rng);
	return `S: ${s}\nO: ${o}\nA: ${a}\nP: ${p}`;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function htmlBody(rng: Rng): string {
	const [s, o, a, p] = soap(rng);
	return (
		`<div class="note"><p><strong>Subjective:</strong> ${esc(s)}</p>` +
		`<p><strong>Objective:</strong> ${esc(o)}</p>` +
		`<p><strong>Assessment:</strong> ${esc(a)}</p>` +
		`<ul><li>${esc(p)}</li><li>Review ${rng.pick(['2/52', '4/52', '6/52', 'prn'])}</li></ul></div>`
	);
}

const rtfText = (s: string): string => s.replace(/[\\{}]/g, (c) => '\\' + c).replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0)}?`);

export function rtfBody(rng: Rng): string {
	const [s, o, a, p] = soap(rng);
	return (
		'{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fswiss Arial;}}\\viewkind4\\uc1\\pard\\f0\\fs20 ' +
		`\\b Subjective:\\b0  ${rtfText(s)}\\par\n\\b Objective:\\b0  ${rtfText(o)}\\par\n` +
		`\\b Assessment:\\b0  ${rtfText(a)}\\par\n\\b Plan:\\b0  ${rtfText(p)}\\par\n}`
	);
}

/** A body of 100 KB or more: years of notes pasted into one field on a system change. */
export function longBody(rng: Rng): string {
	const parts: string[] = ['Imported history from previous practice software. Do not edit.\n'];
	let size = parts[0].length;
	let day = 1;
	while (size < 105_000) {
		const [s, o, a, p] = soap(rng);
		const entry = `--- Entry ${day++} ---\nS: ${s}\nO: ${o}\nA: ${a}\nP: ${p}\n`;
		parts.push(entry);
		size += entry.length;
	}
	return parts.join('');
}

export const CANCEL_REASONS = [
	'Patient unwell',
	'Rescheduled',
	'Work commitments',
	'Clinic cancelled - practitioner unavailable',
	'No reason given',
	'Transport issues',
	'Weather',
	'Feeling better'
];

export const APPOINTMENT_NOTES = [
	'Prefers afternoon appointments',
	'Interpreter required (Mandarin)',
	'Interpreter required (Vietnamese)',
	'Bring referral letter',
	'Running late - called ahead',
	'Wheelchair access needed',
	'Parking: use rear entrance\nLevel 2 via lift',
	'WorkCover claim - bring claim number',
	'Pt asked for a female practitioner',
	'Reminder SMS bounced; call mobile'
];

export const INVOICE_LINES: Record<string, string[]> = {
	'New Patient': ['Initial consultation', 'Long consultation (Item 36)', 'Initial physiotherapy assessment'],
	'Follow-up': ['Standard consultation (Item 23)', 'Subsequent physiotherapy treatment', 'Review consultation'],
	Procedure: ['Procedure (Item 30071)', 'Excision of skin lesion', 'Joint injection'],
	Telehealth: ['Telehealth consultation (Item 91800)', 'Video consultation'],
	'Urgent Care': ['Urgent after-hours consultation', 'Standard consultation (Item 23)'],
	'Group Class': ['Group exercise class', 'Pilates class (10-pack)']
};

export const DOCUMENTS: Record<string, Array<[string, 'pdf' | 'png' | 'txt']>> = {
	'Insurance Card': [
		['Medicare card', 'png'],
		['Health fund card front', 'png'],
		['DVA card', 'png']
	],
	'ID Scan': [
		['Drivers licence', 'png'],
		['Passport scan', 'pdf']
	],
	'Consent Form': [
		['Consent form signed', 'pdf'],
		['Telehealth consent', 'pdf'],
		['Privacy consent', 'pdf']
	],
	Referral: [
		['Referral letter', 'pdf'],
		['GP referral', 'pdf'],
		['Specialist letter', 'pdf']
	],
	Other: [
		['Pathology results', 'pdf'],
		['X-ray report', 'pdf'],
		['Phone message', 'txt'],
		['Imported notes', 'txt']
	]
};
