// Name pools written for Ferry (Australian mix: Anglo, Irish, Italian, Greek,
// Chinese, Vietnamese, Indian, Lebanese, Filipino...). A few carry accents so that
// encodings and mojibake have something to bite on.

const split = (s: string): string[] =>
	s
		.trim()
		.split(/\s+/)
		.map((x) => x.replace(/_/g, ' '));

export const FEMALE_FIRST = split(`
Olivia Charlotte Amelia Isla Mia Ava Grace Chloe Matilda Ella Sophie Evie Harper Zoe Ruby Willow Lily Sienna
Isabella Emily Hannah Georgia Jessica Sarah Emma Lucy Madison Alexandra Samantha Rebecca Victoria Elizabeth
Katherine Catherine Margaret Patricia Jennifer Susan Deborah Christine Kimberley Jacqueline Natalie Josephine
Joanne Abigail Madeleine Gabrielle Rachel Michelle Nicole Melissa Kylie Lisa Karen Julie Helen Sharon Donna
Tracey Leanne Belinda Fiona Kerry Wendy Jane Anne Mary Ruth Joan Dorothy Barbara Judith Carol Heather Gillian
Alison Amanda Angela Bronwyn Caroline Claire Danielle Elise Erin Felicity Gemma Hayley Holly Imogen Jasmine
Jade Kate Laura Leah Lauren Mackenzie Maddison Megan Molly Naomi Paige Phoebe Poppy Rose Scarlett Stella
Tahlia Tayla Tegan Yasmin Zara Aaliyah Amira Layla Maryam Fatima Leila Nour Rania Yara Priya Ananya Aisha
Divya Kavya Meera Pooja Shreya Anjali Mei Ling Xin Yan Hui Jing Lan Thi Linh Mai Ngoc Hoa Trang Thanh Maria
Sofia Giulia Francesca Chiara Alessia Rosa Carmela Antonella Eleni Despina Athena Sophia Katerina Vasiliki
Maria_Elena Ana Camila Valentina Lucia Gabriela Andrea Paula Siobhan Aoife Niamh Ciara Orla Roisin Bridget
Maeve Freya Astrid Ingrid Annika Heidi Zoë Renée Chloé Noémie Inés Mélanie Désirée Siobhán Aurélie Léa Åsa
Beatriz Marisol Aroha Kiri Mere Ngaire Tania Leilani Malia Anahera Mikaela Janelle Kristine Rowena Luzviminda
Ruth Esther Miriam Naomi_Rose Penelope Harriet Eloise Florence Beatrice Edith Iris Ivy Violet Hazel Audrey
Frances Vivienne Yvonne Colleen Maureen Noreen Pauline Lorraine Glenda Marilyn Beverley Robyn Lynette Denise
Rhonda Sandra Cheryl Vicki Tania_Lee Shelley Narelle Raelene Jodie Rochelle Simone Stephanie Tamara Vanessa
Anita Monique Renee Toni Skye Summer Brooke Jordan Taylor Bianca Alana Ashleigh Courtney Jessie Kirra Indi
`);

export const MALE_FIRST = split(`
Oliver Noah Jack William Leo Henry Charlie Thomas Lucas Hudson James Theodore Archie Harrison Liam Ethan Mason
Samuel Benjamin Alexander Max Isaac Lachlan Cooper Hunter Riley Jackson Xavier Angus Hamish Finn Flynn Harvey
Robert Richard Michael Christopher Matthew Anthony Daniel David Edward Joseph Nicholas Jonathan Stephen Steven
Andrew Timothy Gregory Peter Kenneth Ronald Donald Lawrence Frederick Charles Zachary Joshua Nathaniel Patrick
John Mark Paul Brian Kevin Gary Wayne Craig Darren Shane Glenn Brett Scott Dean Troy Bradley Jason Adam Luke
Aaron Ben Blake Bailey Brodie Callum Connor Declan Dylan Ethan_James Fraser Gavin Grant Hayden Heath Jake
Jarrod Jesse Joel Jordan Kane Kieran Kyle Lewis Marcus Mitchell Nathan Owen Reece Rhys Ryan Sean Simon Travis
Tyler Zac Ahmed Ali Omar Hassan Khaled Mohammed Youssef Karim Rami Tariq Arjun Rohan Rahul Vikram Sanjay
Aditya Ravi Amit Karan Siddharth Wei Jun Hao Ming Chen Yong Jian Minh Duc Quang Tuan Huy Khanh Bao Giovanni
Marco Luca Matteo Alessandro Francesco Salvatore Giuseppe Antonio Vincenzo Domenico Nikos Georgios Dimitri
Konstantinos Yannis Stavros Christos Spiros Carlos Diego Javier Mateo Santiago Pablo Miguel Rafael Ciaran
Cillian Eoin Padraig Ronan Seamus Niall Lars Erik Sven Nils Magnus José Björn François Seán Zoltán Jörg Émile
René André Jérôme Rāwiri Tama Wiremu Hemi Manaia Sione Tevita Paolo Jericho Rodel Arnel Emmanuel Kwame
Desmond Reginald Stanley Norman Harold Albert Arthur Walter Alfred Ernest Leonard Clifford Keith Graham Neil
Ian Colin Malcolm Barry Trevor Rodney Geoffrey Ross Murray Russell Warren Allan Stuart Bruce Douglas Philip
Vincent Victor Martin Raymond Roger Dennis Terence Francis George Hugh Rupert Jasper Felix Otto Elijah Caleb
Levi Eli Jasper_Lee Jonah Micah Reuben Abel Silas Ezra Hugo Arlo Louis Sebastian Tobias Rory Jai Kai
`);

export const SURNAMES = split(`
Smith Jones Williams Brown Wilson Taylor Johnson White Martin Anderson Thompson Nguyen Thomas Walker Harris
Lee Ryan Robinson Kelly King Davis Wright Evans Roberts Green Hall Wood Jackson Clarke Patel Khan Lewis James
Phillips Mitchell Turner Baker Campbell Edwards Scott Young Hill Cooper Morris Ward Moore Clark Murphy Allen
Stewart Hughes Bennett Mills Gray Price Morgan Russell Parker Collins Watson Cook Bell Shaw Carter Marshall
Murray Graham Hunt Ross Black Kennedy Gibson Fraser Reid Henderson Hamilton Grant Simpson Sullivan O'Brien
O'Connor O'Neill McDonald McKenzie MacLeod McGregor Fitzgerald Gallagher Doherty Byrne Quinn Walsh Brennan
Tran Le Pham Huynh Hoang Vo Dang Bui Do Ngo Duong Ly Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma
Zhu Hu Guo Lin Ho Wong Chan Cheung Lam Chow Tan Lim Ng Singh Sharma Kumar Gupta Reddy Rao Iyer Nair Mehta
Shah Desai Joshi Kapoor Malhotra Chopra Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino
Greco Bruno Gallo Conti De_Luca Costa Giordano Mancini Lombardi Moretti Barbieri Papadopoulos Georgiou
Nikolaidis Dimitriou Konstantinidis Christodoulou Pappas Karagiannis Vlahos Haddad Khoury Nassar Saleh Hanna
Abboud Mansour Karam Daher Fakhoury Santos Reyes Cruz Garcia Mendoza Bautista Villanueva Aquino Dela_Cruz
Rodriguez Martinez Lopez Gonzalez Hernandez Perez Sanchez Ramirez Torres Flores Rivera Gomez Diaz Morales
Kowalski Nowak Wisniewski Novak Horvat Petrovic Jovanovic Nikolic Markovic Popovic Schmidt Schneider Fischer
Weber Meyer Wagner Becker Hoffmann Schulz Koch Richter Klein Wolf Neumann Jensen Hansen Nielsen Larsen
Andersen Johansson Karlsson Eriksson Lindqvist Berg Dubois Moreau Laurent Lefebvre Bernard Girard Fontaine
Müller Peña Sørensen García Gómez Ó_Briain Núñez Ferreira Gonçalves Sánchez Jiménez Björk Lefèvre Côté
Tūhoe Ngata Parata Tipene Waititi Tui Fonoti Faleolo Tuilagi Taufa Ah_Kuoi Jamieson Dawson Ferguson Fletcher
Holmes Lawson Pearce Rowe Saunders Sutton Barnes Bishop Burgess Chapman Cole Cross Day Dixon Douglas Ellis
Foster Gardner Gordon Harvey Hawkins Hayes Hodgson Howard Hudson Jenkins Kay Knight Lane Lloyd Mason Matthews
Newman Norris Owen Palmer Payne Porter Powell Read Rees Reynolds Richards Riley Rogers Spencer Stevens
Stone Thornton Tucker Wallace Warren Watts Webb Wells West Wheeler Whitehead Wilkinson Willis Woods Yates
Abbott Ashby Beaumont Blackwood Cartwright Caldwell Donnelly Eastwood Fairweather Goodwin Hargreaves Kingsley
Langford Merriweather Pemberton Radcliffe Stanford Thistlethwaite Underwood Vaughan Whitfield Winterbottom
`);

/** Nicknames (full name → short forms); the dedupe step has to know both directions. */
export const NICKNAMES: Record<string, string[]> = {
	William: ['Bill', 'Will', 'Billy', 'Liam'],
	Robert: ['Bob', 'Rob', 'Bobby', 'Robbie'],
	Elizabeth: ['Liz', 'Beth', 'Lizzie', 'Betty', 'Eliza'],
	Katherine: ['Kate', 'Kath', 'Katie', 'Kathy'],
	Catherine: ['Cathy', 'Kate', 'Cath'],
	Margaret: ['Maggie', 'Meg', 'Peg', 'Marg'],
	James: ['Jim', 'Jimmy', 'Jamie'],
	Richard: ['Rick', 'Dick', 'Richie', 'Rich'],
	Michael: ['Mike', 'Mick', 'Mikey'],
	Christopher: ['Chris', 'Topher'],
	Matthew: ['Matt'],
	Anthony: ['Tony', 'Ant'],
	Jennifer: ['Jen', 'Jenny'],
	Alexander: ['Alex', 'Sandy', 'Xander'],
	Alexandra: ['Alex', 'Lexi', 'Sandra'],
	Benjamin: ['Ben', 'Benji'],
	Daniel: ['Dan', 'Danny'],
	David: ['Dave', 'Davo'],
	Edward: ['Ed', 'Ted', 'Eddie', 'Ned'],
	Joseph: ['Joe', 'Joey'],
	Thomas: ['Tom', 'Tommy'],
	Samuel: ['Sam', 'Sammy'],
	Samantha: ['Sam', 'Sammy'],
	Patricia: ['Pat', 'Trish', 'Patty'],
	Patrick: ['Pat', 'Paddy'],
	Rebecca: ['Becky', 'Bec', 'Becca'],
	Victoria: ['Vicky', 'Tori'],
	Jessica: ['Jess', 'Jessie'],
	Charlotte: ['Charlie', 'Lottie'],
	Charles: ['Charlie', 'Chuck', 'Chas'],
	Nicholas: ['Nick', 'Nicko'],
	Jonathan: ['Jon', 'Jonno'],
	Stephen: ['Steve', 'Stevo'],
	Steven: ['Steve'],
	Andrew: ['Andy', 'Drew'],
	Timothy: ['Tim', 'Timmy'],
	Gregory: ['Greg'],
	Peter: ['Pete'],
	Kenneth: ['Ken', 'Kenny'],
	Ronald: ['Ron', 'Ronnie'],
	Donald: ['Don', 'Donnie'],
	Lawrence: ['Larry', 'Laurie'],
	Frederick: ['Fred', 'Freddie'],
	Henry: ['Harry', 'Hank'],
	Harrison: ['Harry'],
	Susan: ['Sue', 'Suzie'],
	Deborah: ['Deb', 'Debbie'],
	Christine: ['Chris', 'Chrissie', 'Tina'],
	Kimberley: ['Kim', 'Kimmy'],
	Jacqueline: ['Jacqui', 'Jackie'],
	Natalie: ['Nat'],
	Josephine: ['Jo', 'Josie'],
	Joanne: ['Jo'],
	Abigail: ['Abby', 'Abbie'],
	Isabella: ['Bella', 'Izzy'],
	Madeleine: ['Maddy', 'Maddie'],
	Gabrielle: ['Gabby', 'Elle'],
	Nathaniel: ['Nate', 'Nat'],
	Zachary: ['Zac', 'Zach'],
	Joshua: ['Josh'],
	Oliver: ['Ollie'],
	Lachlan: ['Lachie', 'Locky'],
	Angus: ['Gus'],
	Theodore: ['Theo', 'Ted'],
	Frances: ['Fran', 'Frankie'],
	Francis: ['Frank'],
	Penelope: ['Penny'],
	Florence: ['Flo'],
	Dorothy: ['Dot', 'Dottie'],
	Barbara: ['Barb', 'Babs'],
	Judith: ['Judy'],
	Gillian: ['Gill', 'Jill'],
	Stephanie: ['Steph'],
	Vanessa: ['Ness'],
	Raymond: ['Ray'],
	Terence: ['Terry'],
	Douglas: ['Doug'],
	Philip: ['Phil'],
	Vincent: ['Vince', 'Vinnie'],
	Geoffrey: ['Geoff'],
	Malcolm: ['Mal'],
	Leonard: ['Len', 'Lenny'],
	Alfred: ['Alf', 'Fred'],
	Reginald: ['Reg'],
	Stanley: ['Stan'],
	Norman: ['Norm'],
	Harold: ['Harry'],
	Albert: ['Bert', 'Al'],
	Walter: ['Wally'],
	Ernest: ['Ernie'],
	Giuseppe: ['Joe', 'Pino'],
	Salvatore: ['Sal', 'Sam'],
	Konstantinos: ['Con', 'Kosta', 'Dean'],
	Georgios: ['George'],
	Dimitri: ['Jim', 'Jimmy'],
	Spiros: ['Steve'],
	Mohammed: ['Mo'],
	Siddharth: ['Sid'],
	Bradley: ['Brad'],
	Mitchell: ['Mitch'],
	Jasmine: ['Jas', 'Jazz'],
	Amanda: ['Mandy'],
	Belinda: ['Bindy', 'Lindy'],
	Rochelle: ['Shelly'],
	Tamara: ['Tammy'],
	Bridget: ['Bridie'],
	Caroline: ['Caz', 'Carrie']
};

/** Names with an accent, for mojibake and Windows-1252 checks. */
export const hasNonAscii = (s: string): boolean => /[^\x00-\x7f]/.test(s);

export const TITLES_F = ['Ms', 'Mrs', 'Miss', 'Dr', 'Ms', 'Mrs'];
export const TITLES_M = ['Mr', 'Mr', 'Mr', 'Dr', 'Master'];
