// Common English given names and their short forms. Any two names in one group may be
// the same person (Bill ~ William ~ Will). Shipped as the DuckDB table dedupe.nicknames.
const GROUPS = `
william bill will billy willy liam wil
robert bob rob bobby robbie bert
elizabeth liz beth lizzie betty eliza libby bette
katherine kate kath katie kathy kat kathryn
catherine cathy kate cath cate katie
margaret maggie meg peg marg peggy margie
james jim jimmy jamie jas
richard rick dick richie rich ricky
michael mike mick mikey mic
christopher chris topher kit
christine chris chrissy tina
matthew matt matty
anthony tony ant
jennifer jen jenny jenn
alexander alex sandy xander al lex
alexandra alex lexi sandra sasha
benjamin ben benji benny
daniel dan danny
danielle dani
david dave davo davy
edward ed ted eddie ned
joseph joe joey jo
thomas tom tommy
samuel sam sammy
samantha sam sammy
patricia pat trish patty tricia
patrick pat paddy
rebecca becky bec becca
victoria vicky tori vic
jessica jess jessie
charlotte charlie lottie
charles charlie chuck chas
nicholas nick nicko nicky
jonathan jon jonno
john jack johnny
stephen steve stevo
steven steve
andrew andy drew
gregory greg
timothy tim timmy
peter pete
kenneth ken kenny
lawrence larry laurie
leonard len lenny leo
raymond ray
ronald ron ronnie
donald don donny
douglas doug
gerald gerry jerry
jeffrey jeff
jeremy jez jerry
joshua josh
zachary zach zac
nathan nate
nathaniel nate nat
frederick fred freddie
francis frank fran
frances fran frankie
henry harry hank
harold harry hal
albert al bert bertie
alfred alf alfie
arthur art artie
bradley brad
bernard bernie
phillip phil pip
philip phil pip
mitchell mitch
terrence terry
terence terry
theodore theo ted teddy
vincent vince vinnie
walter wally walt
gabriel gabe
abigail abby abbie gail
amanda mandy manda
angela angie
barbara barb babs
caroline carol carrie
deborah deb debbie
dorothy dot dottie
eleanor ellie nell nora
emily em emmy
gabrielle gabby gabi
jacqueline jackie jacqui
josephine jo josie
judith judy jude
kimberly kim
madeleine maddie
madison maddie
melissa mel missy
melanie mel
natalie nat
natasha tash nat tasha
pamela pam
penelope penny
rosemary rose rosie
sarah sally sal
susan sue susie
suzanne sue suzie
veronica ronnie
virginia ginny
isabella bella izzy isabel
isabelle bella izzy
olivia liv livvy
sophia sophie
amelia millie amy
emma em
lucy lu
`;

/** Every (a, b) pair of names from one group, both directions. */
export function nicknamePairs(): Array<[string, string]> {
	const pairs = new Map<string, [string, string]>();
	for (const line of GROUPS.trim().split('\n')) {
		const names = line.trim().split(/\s+/);
		for (const a of names) for (const b of names) if (a !== b) pairs.set(`${a} ${b}`, [a, b]);
	}
	return [...pairs.values()];
}
