// Header similarity: practice systems' words for the same thing folded onto the reference
// layout's wording, then token and bigram overlap. Used for columns and for table names.
/** Words practice systems use for the same thing, folded onto the reference wording. */
const SYNONYMS: Array<[RegExp, string]> = [
	[/\b(dob|birth ?date|date of birth|birthday|born)\b/g, 'date of birth'],
	[/\b(surname|family name|last ?name|lname)\b/g, 'last name'],
	[/\b(given name|forename|first ?name|fname|given)\b/g, 'first name'],
	[/\b(other names?|second name|middle ?name)\b/g, 'middle name'],
	[/\b(known as|nickname|preferred ?name|goes by)\b/g, 'preferred name'],
	[/\b(salutation|honorific|prefix)\b/g, 'title'],
	[/\b(gender|sex)\b/g, 'sex'],
	[/\b(e ?mail( address)?|email)\b/g, 'email'],
	[/\b(cell( phone)?|mobile( phone| number| no)?|mob)\b/g, 'mobile phone'],
	[/\b(phone home|home phone|home tel(ephone)?|landline|home number)\b/g, 'home phone'],
	[/\b(telephone|tel|phone number|contact number)\b/g, 'phone'],
	[/\b(street( address)?( 1)?|address( line)? 1|address1)\b/g, 'address line 1'],
	[/\b(street 2|address( line)? 2|address2|unit)\b/g, 'address line 2'],
	[/\b(suburb|town|city|locality)\b/g, 'city'],
	[/\b(region|province|state|territory)\b/g, 'state'],
	[/\b(post ?code|zip( code)?|postal code)\b/g, 'postcode'],
	[/\b(nation|country)\b/g, 'country'],
	[/\b(client|patient|chart|file|record|mrn|medical record) (id|number|no|num|ref)\b|\bmrn\b/g, 'patient id'],
	[/\b(legacy|external|previous system|old system) (ref|reference|id|number|no)\b/g, 'external ref'],
	[/\b(appointment|appt|booking|visit) (id|ref|reference|number|no|num)\b/g, 'appointment id'],
	[/\b(clinical note|chart note|treatment note|note) (id|ref|reference|number|no)\b/g, 'note id'],
	[/\b(fund|insurer|carrier|health fund) (id|code|number|no)\b|\b(payer|payor) (id|number|no)\b/g, 'insurer id'],
	[/\bmember(ship)? (id|no|number|num)\b/g, 'member number'],
	[/\b(registration|licen[cs]e) (no|number|num|id)\b/g, 'license number'],
	[/\b(document|original file|scan|attachment) name\b|\bfilename\b/g, 'file name'],
	[/\b(stored as|file ?path|relative path)\b/g, 'path'],
	[/\b(mime( type)?|content type|media type)\b/g, 'content type'],
	[/\b(document|scan|attachment) (type|category)\b/g, 'category'],
	[/\b(file size|size bytes|size|bytes)\b/g, 'size bytes'],
	[/\b(date )?(uploaded|scanned)( at| on| date)?\b/g, 'uploaded at'],
	[/\b(apt suite|apartment|suite|apt)\b/g, 'address line 2'],
	[/\b(date booked|booked( on| at)?|written( on| at)?)\b/g, 'created at'],
	[/\b(no show|dna|did not attend|failed to attend)\b/g, 'did not arrive'],
	[/\b((opening|business|trading) )?hours\b/g, 'opening hours'],
	[/\b(web ?site|url|home ?page)\b/g, 'website'],
	[/\b(effective( date| from)?|cover from)\b/g, 'valid from'],
	[/\b(expires|expiry( date)?|expiration( date)?|cover to)\b/g, 'valid to'],
	[/\b(line items|memo|details|items)\b/g, 'description'],
	[/\b(minutes|mins)\b/g, 'duration min'],
	[/\b(home clinic|site|branch|clinic|location)( id)?\b/g, 'clinic location id'],
	[/\b(referrer|referring (doctor|gp|physician)|referred by)( id)?\b/g, 'referring physician id'],
	[/\b(account status|billing status|payment status)\b/g, 'billing status'],
	[/\b(balance owing|amount owing|outstanding( balance)?|balance due|owing)\b/g, 'outstanding balance'],
	[/\b(next of kin|nok|emergency contact)( name)?\b/g, 'emergency contact name'],
	[/\b(emergency contact name|emergency contact) (phone|tel|number)\b/g, 'emergency contact phone'],
	[/\b(emergency contact name|emergency contact) (relationship|relation)\b/g, 'emergency contact relationship'],
	[/\b(date created|created( on| date)?|creation date)\b/g, 'created at'],
	[/\b(last modified|modified( on| date)?|updated( on| date)?|last updated)\b/g, 'updated at'],
	[/\b(start( time| date)?|begins?( at)?|appointment (time|date))\b/g, 'starts at'],
	[/\b(end( time)?|finish(es)?( at)?)\b/g, 'ends at'],
	[/\b(length|duration)( mins?| minutes| min)?\b/g, 'duration min'],
	[/\b(service|visit type|appointment type|appt type)\b/g, 'appointment type'],
	[/\b(provider|practitioner|clinician|doctor)( id)?\b/g, 'practitioner id'],
	[/\b(appointment state|appointment status|state of appointment)\b/g, 'status'],
	[/\b(cancel(lation)? reason|reason for cancel(lation)?)\b/g, 'cancellation reason'],
	[/\b(comments?|remarks?)\b/g, 'notes'],
	[/\b(note text|content|text|body)\b/g, 'body'],
	[/\b(subject|heading)\b/g, 'title'],
	[/\b(invoice (no|num|#)|invoice number)\b/g, 'invoice number'],
	[/\b(invoice date|date issued|issued( on)?)\b/g, 'issue date'],
	[/\b(total|amount billed|invoice total|fee)\b/g, 'amount billed'],
	[/\b(date paid|paid on|payment date)\b/g, 'payment date'],
	[/\b(paid by|payment method|payment type|tender)\b/g, 'payment method'],
	[/\b(paid|amount paid|amount received)\b/g, 'amount paid']
];

export function canonical(header: string): string {
	// D.O.B. and d_o_b: single letters run together first.
	const folded = header.replace(/\b([A-Za-z])[ ._]+(?=[A-Za-z]\b)/g, '$1');
	let s = ` ${folded
		.toLowerCase()
		.replace(/[_\-./#()]+/g, ' ')
		.replace(/[^a-z0-9 ]+/g, ' ')
		.replace(/\s+/g, ' ')
		.trim()} `;
	// A bare First / Last / Middle is a name part.
	s = s.replace(/^ (first|last|middle) $/, ' $1 name ');
	for (const [re, to] of SYNONYMS) s = s.replace(re, to);
	return s.replace(/\s+/g, ' ').trim();
}

function bigrams(s: string): Set<string> {
	const out = new Set<string>();
	const t = s.replace(/ /g, '');
	for (let i = 0; i < t.length - 1; i++) out.add(t.slice(i, i + 2));
	return out;
}

/** Header similarity in [0, 1]: 1 when both name the same thing after synonyms. */
export function nameScore(reference: string, candidate: string): number {
	const a = canonical(reference);
	const b = canonical(candidate);
	if (a === b) return 1;
	const ta = new Set(a.split(' '));
	const tb = new Set(b.split(' '));
	const tokens = [...ta].filter((x) => tb.has(x)).length / new Set([...ta, ...tb]).size;
	const ba = bigrams(a);
	const bb = bigrams(b);
	const dice = ba.size + bb.size ? (2 * [...ba].filter((x) => bb.has(x)).length) / (ba.size + bb.size) : 0;
	return Math.max(tokens, dice) * 0.9;
}
