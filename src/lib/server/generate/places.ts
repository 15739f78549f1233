// Australian places: suburbs with their real state and postcode, street names,
// phone area codes and time-zone rules. The clinic's country is AU.
import { weighted, type Rng } from './prng.js';

export type State = 'NSW' | 'VIC' | 'QLD' | 'WA' | 'SA' | 'TAS' | 'ACT' | 'NT';

export interface Suburb {
	name: string;
	state: State;
	postcode: string;
}

const RAW = `
NSW Sydney 2000|Parramatta 2150|Bondi 2026|Newtown 2042|Chatswood 2067|Penrith 2750|Liverpool 2170|Wollongong 2500
NSW Newcastle 2300|Dubbo 2830|Manly 2095|Hornsby 2077|Blacktown 2148|Bankstown 2200|Campbelltown 2560|Orange 2800
NSW Wagga Wagga 2650|Tamworth 2340|Coffs Harbour 2450|Port Macquarie 2444|Gosford 2250|Randwick 2031|Marrickville 2204
NSW Cronulla 2230|Castle Hill 2154|Burwood 2134|Hurstville 2220|Albury 2640|Queanbeyan 2620|Bathurst 2795
VIC Melbourne 3000|Richmond 3121|Fitzroy 3065|Geelong 3220|Ballarat 3350|Bendigo 3550|St Kilda 3182|Box Hill 3128
VIC Frankston 3199|Dandenong 3175|Footscray 3011|Brunswick 3056|Werribee 3030|Craigieburn 3064|Shepparton 3630
VIC Mildura 3500|Traralgon 3844|Warrnambool 3280|Glen Waverley 3150|Preston 3072|Hawthorn 3122|Sunshine 3020
QLD Brisbane 4000|Fortitude Valley 4006|Southport 4215|Cairns 4870|Townsville 4810|Toowoomba 4350|Ipswich 4305
QLD Maroochydore 4558|Rockhampton 4700|Mackay 4740|Bundaberg 4670|Hervey Bay 4655|Logan Central 4114|Indooroopilly 4068
QLD Chermside 4032|Caloundra 4551|Mount Isa 4825|Gladstone 4680
WA Perth 6000|Fremantle 6160|Joondalup 6027|Bunbury 6230|Rockingham 6168|Mandurah 6210|Midland 6056|Subiaco 6008
WA Geraldton 6530|Kalgoorlie 6430|Albany 6330|Broome 6725|Armadale 6112
SA Adelaide 5000|Glenelg 5045|Mount Gambier 5290|Elizabeth 5112|Salisbury 5108|Port Adelaide 5015|Norwood 5067
SA Whyalla 5600|Murray Bridge 5253|Port Augusta 5700
TAS Hobart 7000|Launceston 7250|Devonport 7310|Burnie 7320|Kingston 7050|Glenorchy 7010
ACT Canberra 2600|Belconnen 2617|Tuggeranong 2900|Gungahlin 2912|Woden 2606|Civic 2601
NT Darwin 0800|Palmerston 0830|Alice Springs 0870|Katherine 0850|Casuarina 0810|Nightcliff 0810|Tennant Creek 0860
`;

export const SUBURBS: Suburb[] = RAW.trim()
	.split('\n')
	.flatMap((line) => {
		const state = line.slice(0, line.indexOf(' ')) as State;
		return line
			.slice(state.length + 1)
			.split('|')
			.map((entry) => {
				const m = /^(.*) (\d{4})$/.exec(entry.trim())!;
				return { name: m[1], state, postcode: m[2] };
			});
	});

const STATE_WEIGHT: Record<State, number> = {
	NSW: 31,
	VIC: 26,
	QLD: 20,
	WA: 10,
	SA: 7,
	TAS: 2,
	ACT: 2,
	NT: 2
};

export const STATES = Object.keys(STATE_WEIGHT) as State[];

const byState = new Map<State, Suburb[]>(STATES.map((s) => [s, SUBURBS.filter((x) => x.state === s)]));
const drawState = weighted(STATES.map((s) => [s, STATE_WEIGHT[s]] as const));

export function suburbIn(rng: Rng, state?: State): Suburb {
	return rng.pick(byState.get(state ?? drawState(rng))!);
}

/** A patient lives near their clinic most of the time. */
export function suburbNear(rng: Rng, state: State): Suburb {
	return suburbIn(rng, rng.chance(0.85) ? state : undefined);
}

export const STREET_NAMES = `George King Queen Elizabeth Victoria Albert Church High Station Bridge Park Railway
Pitt Macquarie Hunter Oxford Crown Bourke Collins Flinders Swanston Lygon Chapel Brunswick Smith Johnston
Ann Adelaide Wickham Boundary Beach Ocean Bay Harbour Hill Forest Gum Wattle Banksia Acacia Jacaranda Waratah
Kurrajong Bottlebrush Grevillea Myrtle Cedar Pine Oak Elm Ash Maple Rosella Kookaburra Lyrebird Wombat Koala
Bellbird Magpie Currawong Banjo Paterson Lawson Mitchell Sturt Flinders Cook Phillip Hume Hovell Oxley Stirling
Murray Darling Hawkesbury Nepean Yarra Torrens Swan Derwent Brisbane Fitzroy Burnett Warrego Barwon Lachlan
Anzac Federation Wentworth Blaxland Bligh Bass Banks Tasman Dampier Leichhardt Kennedy Forrest Eyre Menzies
Chifley Curtin Deakin Barton Lyons Hughes Fisher Bruce Scullin Holt Gorton McMahon Whitlam Fraser Hawke Keating
Mary Margaret Edward William Alfred Arthur Charles Frederick Henry James John Thomas Albion Regent Cambridge
Oxford Windsor Richmond Kensington Chelsea Clarence Denison Gipps Bent Darby Hastings Montague Grey Marion`
	.split(/\s+/)
	.filter(Boolean);

export const STREET_TYPES: ReadonlyArray<readonly [string, string]> = [
	['Street', 'St'],
	['Road', 'Rd'],
	['Avenue', 'Ave'],
	['Parade', 'Pde'],
	['Crescent', 'Cres'],
	['Drive', 'Dr'],
	['Lane', 'La'],
	['Place', 'Pl'],
	['Court', 'Ct'],
	['Highway', 'Hwy'],
	['Terrace', 'Tce'],
	['Circuit', 'Cct'],
	['Close', 'Cl'],
	['Esplanade', 'Esp'],
	['Boulevard', 'Blvd'],
	['Way', 'Way']
];

export const AREA_CODE: Record<State, string> = {
	NSW: '2',
	ACT: '2',
	VIC: '3',
	TAS: '3',
	QLD: '7',
	SA: '8',
	NT: '8',
	WA: '8'
};

const FIRST_LANDLINE_DIGIT: Record<State, string[]> = {
	NSW: ['9', '8', '4'],
	ACT: ['6'],
	VIC: ['9', '8', '5'],
	TAS: ['6'],
	QLD: ['3', '5', '4'],
	SA: ['8', '7'],
	NT: ['8'],
	WA: ['9', '6']
};

/** National significant number of a landline: area digit + 8 digits. */
export function landline(rng: Rng, state: State): string {
	return AREA_CODE[state] + rng.pick(FIRST_LANDLINE_DIGIT[state]) + rng.digits(7);
}

/** National significant number of a mobile: 4 + 8 digits. */
export function mobile(rng: Rng): string {
	return '4' + rng.pick(['0', '1', '2', '3', '4', '5', '7', '8', '9']) + rng.digits(7);
}

/** Standard UTC offset in minutes and whether the state keeps daylight saving. */
const ZONE: Record<State, [number, boolean]> = {
	NSW: [600, true],
	ACT: [600, true],
	VIC: [600, true],
	TAS: [600, true],
	QLD: [600, false],
	SA: [570, true],
	NT: [570, false],
	WA: [480, false]
};

export const IANA_ZONE: Record<State, string> = {
	NSW: 'Australia/Sydney',
	ACT: 'Australia/Sydney',
	VIC: 'Australia/Melbourne',
	TAS: 'Australia/Hobart',
	QLD: 'Australia/Brisbane',
	SA: 'Australia/Adelaide',
	NT: 'Australia/Darwin',
	WA: 'Australia/Perth'
};

/** Day number (days since 1970-01-01) of the first Sunday of a month. */
function firstSunday(year: number, month0: number): number {
	const day = Date.UTC(year, month0, 1) / 86_400_000;
	const dow = (day + 4) % 7; // 1970-01-01 was a Thursday
	return day + ((7 - dow) % 7);
}

/**
 * UTC offset in minutes for a local date in a state. Daylight saving runs from the
 * first Sunday of October to the first Sunday of April (switch hour ignored).
 */
export function utcOffset(state: State, day: number): number {
	const [std, dst] = ZONE[state];
	if (!dst) return std;
	const year = new Date(day * 86_400_000).getUTCFullYear();
	const ends = firstSunday(year, 3);
	const starts = firstSunday(year, 9);
	return day < ends || day >= starts ? std + 60 : std;
}
