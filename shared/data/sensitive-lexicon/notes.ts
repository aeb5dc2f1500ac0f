import type { RuleNotes } from './types.js';

/** Why each look-alike class (./lookalikes.ts, by id) is excused, and texts the tests prove pass. */
// biome-ignore format: lexicon notes, dense lines read better
export const LOOKALIKE_NOTES: Readonly<Record<string, { readonly justification: string; readonly examples: readonly string[] }>> = {
  'non-health-clinics': {
    justification: '"-kliniek", "-clinic" and "-ziekenhuis" businesses for animals, vehicles, devices and goods, and sports clinics (lessons).',
    examples: [
      'Dierenkliniek Oost', 'Autokliniek Jansen', 'Fietskliniek Utrecht', 'De Telefoonkliniek', 'iPhone Kliniek Rotterdam',
      'Fietsziekenhuis Amersfoort', 'Tierklinik Hofheim', 'Bike Clinic London', 'Golfclinic De Hoge Dijk', 'Dierenarts Van Dam',
    ],
  },
  'streets-and-places': {
    justification: 'Street names, places, company forms ("Sp. z o.o."), football clubs and brands containing a sensitive word.',
    examples: [
      'Kerkstraat 12 Amsterdam', 'Gemeente Kerkrade', 'Bakkerij Achter de Kerk', 'Kirchstraße 4 Bonn',
      'Church Street Garage', 'Temple Bar Dublin', 'AZ Alkmaar Fanshop', 'McDonalds Utrecht', 'Mc Donalds Zwolle',
      'Transport Sp. z o.o.', 'Gasthuisstraat 5',
    ],
  },
  'surnames': {
    justification: 'Surnames and first names containing a religious word.',
    examples: ['J. van der Kerk', 'Fam. Kerkhoven', 'Jean-Baptiste Martin', 'Maria Evangelista'],
  },
  'brands': {
    justification: 'Brands and venues sharing a word with a lottery, church, clinic or union.',
    examples: [
      'Lotto Sport Italia', 'Géant Casino', 'Casino Supermarché Lyon', "Church's Shoes", 'Unite Students',
      'P&O Pride of Rotterdam', 'Alfa Romeo Dealer', 'Heilige Boontjes Rotterdam',
    ],
  },
  'not-unions-churches-or-care': {
    justification: 'Bodies named with a union, church or care word that are none of these: French building-owner ' +
      'and inter-municipal "syndicats", UK parish councils (local government), members clubs, automobile clubs, first-aid ' +
      'courses, escorted tours, commercial-court registries, hair and cheese brands, click-and-collect, pub companies.',
    examples: [
      'Syndicat de copropriété Les Lilas', 'Syndicat intercommunal des eaux', 'Little Snoring Parish Council',
      'The Hospital Club', 'Hospices de Beaune vins', 'ACV Automobil-Club Köln', 'St John Ambulance first aid course',
      'Escorted tours Italy', 'Greffe du Tribunal de Commerce de Lyon', 'Bumble and bumble salon', 'Click & Collect order',
      'Cathedral City Mature', 'Templespa gift set',
    ],
  },
  'everyday-words': {
    justification: 'Everyday phrases that contain a sensitive term.',
    examples: ['Automatische incasso november', 'Zorgeloos Wonen BV', 'Martial Arts Academy'],
  },
};

/**
 * What documents each shipped lexicon rule (by id): where its terms come from, the languages, why it
 * is there, and examples the unit tests check. Kept apart from the terms so that the Lambda bundles
 * carry only what the screen matches on.
 */
// biome-ignore format: lexicon notes, dense lines read better
export const LEXICON_NOTES: Readonly<Record<string, RuleNotes>> = {
  'health-care-providers': {
    source: 'Professions of the Dutch BIG register and Belgian/German/French/UK health-profession lists ' +
      '(BIG-register, RIZIV/INAMI, Bundesärztekammer, Ordre des médecins, NHS ODS organisation types).',
    languages: ['nl', 'en', 'de', 'fr'],
    justification: 'Payments to or from a care provider reveal health care use (art. 9 health data).',
    examples: [
      'Ziekenhuis Amstelland', 'Stichting Ziekenhuisgroep Twente', 'Amsterdam UMC', 'Radboudumc',
      'Apotheek De Linde', 'Huisartsenpraktijk Zuid', 'Tandartspraktijk Smile', 'Parnassia GGZ',
      'Fysiotherapie Centrum', 'Diëtistenpraktijk Gezond', 'Casa Kliniek', 'Zahnarztpraxis Dr. Weber',
      'Klinikum Stuttgart', 'Hôpital Saint-Louis', 'Cabinet de kinésithérapie', 'NHS Prescription',
    ],
  },
  'hospitals-by-short-name': {
    source: 'Hospital lists: NVZ and NFU members (NL), Zorgatlas/Vlaams Agentschap Zorg en Gezondheid (BE), ' +
      'Deutsches Krankenhausverzeichnis (DE), NHS trusts (UK), FHF (FR).',
    languages: ['nl', 'en', 'de', 'fr'],
    justification: 'Hospitals, labs and clinic chains are often paid under their short names or acronyms; as whole ' +
      'words on names only, with look-alikes ("AZ Alkmaar", "Mc Donalds") listed as exceptions.',
    examples: ['Erasmus MC', 'AZ Groeninge Kortrijk', 'UZ Leuven', 'OLVG Oost', 'Isala Zwolle', 'Charité Berlin'],
  },
  'mental-health-addiction-brands': {
    source: 'Members of De Nederlandse GGZ and Verslavingskunde Nederland; NHS mental-health trusts; ' +
      'abortion providers registered under the Dutch Wet afbreking zwangerschap; pregnancy-advice services.',
    languages: ['nl', 'en', 'de', 'fr'],
    justification: 'Addiction care, mental health, abortion, fertility and end-of-life care.',
    examples: ['Jellinek Amsterdam', 'GGD Hollands Midden', 'Bloemenhove Kliniek', 'Fiom', 'Pro Familia Beratung'],
  },
  'sexual-health-and-genetics': {
    source: 'HIV and STI organisations (Soa Aids Nederland, Deutsche Aidshilfe, Terrence Higgins Trust); ' +
      'direct-to-consumer genetic test providers (the EU and UK consumer DNA-test market).',
    languages: ['nl', 'en', 'de', 'fr'],
    justification: 'HIV/STI care and genetic tests reveal health and genetic data (art. 9).',
    examples: ['HIV Vereniging Nederland', 'Soa Aids Nederland', '23andMe', 'AncestryDNA kit', 'DNA-test bestelling'],
  },
  'long-term-care-funding': {
    source: 'Dutch care-funding bodies (CAK, SVB-PGB, Wlz/Wmo under the Wet langdurige zorg and Wmo 2015); Belgian home nursing.',
    languages: ['nl', 'fr', 'de'],
    justification: 'Payments for long-term care, home nursing or personal care budgets reveal a need for care. Health ' +
      'insurers themselves are not screened: everyone in NL, BE and DE must hold basic cover, so a premium ' +
      'reveals nothing; a claim reveals care only through its reference, which the care words above catch.',
    examples: ['CAK eigen bijdrage', 'SVB PGB uitbetaling', 'Wit-Gele Kruis Vlaanderen', 'AP-HP'],
  },
  'health-retail-brands': {
    source: 'Hearing-aid and online-pharmacy chains (trade registers and the chains own sites).',
    languages: ['nl', 'en', 'de', 'fr'],
    justification: 'Hearing chains and pharmacies reveal medical aids and prescriptions. Opticians are deliberately not ' +
      'here: eyewear retail is treated as everyday shopping (docs/sensitive-screen.md, "Deliberately not screened").',
    examples: ['Beter Horen BV', 'DocMorris', 'Amplifon Gent', 'Shop Apotheke'],
  },
  'patient-associations': {
    source: 'Patient and disease associations: Patiëntenfederatie Nederland members, Vlaams Patiëntenplatform, ' +
      'BAG Selbsthilfe (DE), UK Charity Commission patient charities, France Assos Santé.',
    languages: ['nl', 'en', 'de', 'fr'],
    justification: 'Membership of or payments to a patient association reveal an illness of the customer or a relative. ' +
      'Mass-appeal fundraising funds (KWF, Hartstichting, Cancer Research UK, ...) are look-alikes: ' +
      'giving to them is common and reveals no illness (./lookalikes.ts).',
    examples: ['Diabetesvereniging Nederland', 'Deutsche Rheuma-Liga e.V.', 'Parkinson Vereniging', 'Diabetes UK'],
  },
  'fines-courts-justice': {
    source: 'Fine-collection and judicial bodies: CJIB, OM, Rechtspraak and DJI (NL); FOD Justitie, parketten, ' +
      'verkeersboetes.be (BE); Bußgeldstellen, Justizkassen, courts (DE); HMCTS, MoJ, HMPPS (UK); ' +
      'ANTAI, tribunaux, SPIP (FR); fine vocabulary of neighbouring countries for foreign fines.',
    languages: ['nl', 'en', 'de', 'fr'],
    justification: 'Fines, court fees, bail and payments to prisons reveal criminal or judicial matters.',
    examples: [
      'CJIB', 'Centraal Justitieel Incassobureau', 'Verkeersboete 2026-123', 'Rechtbank Den Haag',
      'Bußgeldstelle Berlin', 'HMCTS fine', 'ANTAI amende forfaitaire', 'Politierechtbank Antwerpen',
    ],
  },
  'legal-aid': {
    source: 'Bar registers (NOvA, OVB/OBFG, BRAK, SRA, CNB) and legal-aid boards.',
    languages: ['nl', 'en', 'de', 'fr'],
    justification: 'Paying a lawyer or receiving legal aid reveals proceedings (criminal, divorce, dismissal).',
    examples: ['Advocatenkantoor De Vries', 'Raad voor Rechtsbijstand', 'Rechtsanwälte Müller & Partner', 'Smith Solicitors LLP'],
  },
  'gambling': {
    source: 'Licence registers: Kansspelautoriteit (NL), Kansspelcommissie (BE), GGL whitelist (DE), UK Gambling ' +
      'Commission, ANJ (FR); their operators, brands and the payment intermediaries they bill through.',
    languages: ['nl', 'en', 'de', 'fr'],
    justification: 'Gambling can reveal addiction; it is never a sales moment.',
    examples: [
      'Holland Casino', 'Holland-Casino Scheveningen', 'TOTO', 'Lotto', 'Nederlandse Loterij',
      'Nationale Postcode Loterij', 'Staatsloterij', 'Bet365', 'Tipico Sportwetten', 'Skrill Ltd', 'Paysafecard',
    ],
  },
  'debt-help-and-collection': {
    source: 'NVVK members (Dutch debt help and municipal credit banks), KBvG bailiffs register, Wet incassodiensten ' +
      'register (NL); Belgian SPF Économie register of collection agencies and OCMW/CPAS; German ' +
      'Schuldnerberatung (BAG-SB) and Inkasso register; UK FCA debt-advice and collection permissions; ' +
      'Banque de France surendettement; food-bank federations; pawn brokers.',
    languages: ['nl', 'en', 'de', 'fr'],
    justification: 'Debt counselling, guardianship, bailiffs, collection agencies, social assistance and food banks reveal ' +
      'financial distress; using that for offers (credit above all) is what the duty of care forbids.',
    examples: [
      'Schuldhulpverlening Gemeente Utrecht', 'Bewindvoering Noord BV', 'Gerechtsdeurwaarders Janssen',
      'Kredietbank Nederland', 'Voedselbank Rotterdam', 'Intrum Nederland', 'Schuldnerberatung Caritas',
      'Huissier de justice Dupont',
    ],
  },
  'fraternal-organisations': {
    source: 'Grand lodges (Grootoosten der Nederlanden, UGLE, VGLvD, GODF) and service clubs.',
    languages: ['nl', 'en', 'de', 'fr'],
    justification: 'Lodges and fraternal clubs reveal beliefs and affiliations.',
    examples: ['Orde van Vrijmetselaren', 'Rotary Club Delft', 'Loge La Bien Aimée'],
  },
  'counselling': {
    source: 'Social-work, domestic-violence and crisis-line organisations (Valente members, Telefonseelsorge, Samaritans).',
    languages: ['nl', 'en', 'de', 'fr'],
    justification: 'Relationship therapy, social work and crisis lines reveal personal crises.',
    examples: ['Praktijk voor Relatietherapie', 'Stichting Maatschappelijk Werk Delft', 'Veilig Thuis Utrecht'],
  },
  'funerals': {
    source: 'Funeral trade associations (BGNU, NUVU, Bundesverband Deutscher Bestatter, NAFD) and crematoria.',
    languages: ['nl', 'en', 'de', 'fr'],
    justification: 'Reveals a death in the family; grief is no sales moment.',
    examples: ['Uitvaartcentrum Zuid', 'Crematorium Westerveld', 'Rouwcentrum Het Licht', 'DELA Coöperatie'],
  },
  'political-parties': {
    source: 'Registered party names: Kiesraad register of appellations (NL), Belgian federal and regional ' +
      'parties, Bundeswahlleiterin list of parties (DE), UK Electoral Commission register, French ' +
      'CNCCFP party list; their youth organisations and scientific bureaus.',
    languages: ['nl', 'en', 'de', 'fr'],
    justification: 'Membership dues and donations to a party or its youth wing reveal political opinion (the Dutch ' +
      "DPA's own example). Acronyms are whole-word matches on names only.",
    examples: [
      'Partij van de Arbeid (PvdA)', 'GroenLinks-PvdA', 'Volt Nederland', 'Labour Party',
      'Rassemblement National', 'Christlich-Soziale Union Ortsverband', 'Adhésion La France Insoumise',
    ],
  },
  'political-party-acronyms': {
    source: 'As political-parties: the parties\' registered abbreviations.',
    languages: ['nl', 'en', 'de', 'fr'],
    justification: 'An acronym alone is short and common: a whole-word match, on the counterparty or merchant name only.',
    examples: ['VVD', 'D66 Ledenadministratie', 'SP', 'N-VA', 'SPD Parteivorstand', 'JOVD'],
  },
  'political-party-acronyms-with-dues': {
    source: 'As political-parties: the parties\' registered abbreviations.',
    languages: ['nl', 'en', 'de', 'fr'],
    justification: 'In a payment reference an acronym beside a dues, donation or membership word reveals political ' +
      'opinion as much as the name does; without such a word it stays too ambiguous.',
    examples: ['Donation SNP Glasgow branch', 'ÖDP Kreisverband Mitgliedsbeitrag', 'Lidmaatschap BBB', 'Cotisation Ecolo 2026'],
  },
  'political-parties-in-references': {
    source: 'As political-parties: the unambiguous party names and dues words, as they appear in references.',
    languages: ['nl', 'en', 'de', 'fr'],
    justification: 'A reference naming a party ("Contributie D66 2026") reveals political opinion as much as the name.',
    examples: ['Contributie D66 2026', 'Lidmaatschap GroenLinks', 'Mitgliedsbeitrag SPD'],
  },
  'party-names-that-are-words': {
    source: 'As political-parties: party names that are also everyday words ("Groen", "Volt", "Renaissance", "Reform").',
    languages: ['nl', 'en', 'de', 'fr'],
    justification: 'These names count only when the payment also carries a membership or donation word ("Lidgeld Groen ' +
      '2026", "Cotisation adhérent LR"): alone they are everyday words.',
    examples: ['Lidgeld Groen 2026', 'Cotisation adhérent LR 2026', 'Volt contributie', 'Labour membership'],
  },
  'religious-organisations': {
    source: 'Member churches of the CIO (Interkerkelijk Contact in Overheidszaken) and the PKN; EKD and ' +
      'German dioceses; Belgian recognised worships (FOD Justitie); Church of England/UK Charity ' +
      'Commission religious charities; CMO and Diyanet mosque federations; NIK/LJG; Hindu, Sikh and ' +
      'Buddhist unions (OHM, BUN).',
    languages: ['nl', 'en', 'de', 'fr'],
    justification: 'Contributions and donations to religious communities reveal religious belief.',
    examples: [
      'Protestantse Kerk Amsterdam', 'Actie Kerkbalans 2026', 'Parochie H. Jozef', 'Stichting Moskee Al Fourqaan',
      'Joodse Gemeente Amsterdam', 'Nederlands-Israëlitisch Kerkgenootschap', 'Leger des Heils',
      'Hervormde Gemeente Ede', 'Prot. Gem. Zeist', 'Evangelische Kirchengemeinde Köln', 'Paroisse Saint-Pierre',
      'Kirchgeld 2026', 'Misintentie overleden ouders',
    ],
  },
  'religious-broadcasters-and-press': {
    source: 'Dutch public broadcasters with a religious mandate (Mediawet art. 2.42: EO, KRO-NCRV, IKON, ' +
      'Joodse Omroep, BOS, NMO) and the religious press; Christian and Catholic broadcasters in DE, FR, UK.',
    languages: ['nl', 'en', 'de', 'fr'],
    justification: 'Membership of a religious broadcaster or subscription to the religious press reveals belief.',
    examples: ['Evangelische Omroep', 'KRO-NCRV ledenadministratie', 'EO', 'Reformatorisch Dagblad abonnement'],
  },
  'dating-platforms': {
    source: 'Dating and affair platforms operating in NL/BE/DE/FR/UK (app-store publishers and their billing names).',
    languages: ['nl', 'en', 'de', 'fr'],
    justification: 'Dating and affair platforms reveal relationship status and sex life.',
    examples: ['Tinder Gold', 'Parship.nl', 'Lexa.nl', 'Grindr LLC', 'EliteDating', 'Bumble Premium', 'Meetic SAS'],
  },
  'adult-services': {
    source: 'Adult venues and platforms (municipal sex-work licence registers, app and card-scheme high-risk lists).',
    languages: ['nl', 'en', 'de', 'fr'],
    justification: 'Escort, erotic and pornographic services reveal sex life.',
    examples: ['Escortservice Rood', 'Club Privehuis 21', 'OnlyFans.com', 'EasyToys BV', 'Beate Uhse Shop'],
  },
  'lgbtq-organisations': {
    source: 'LGBTQ+ associations and events (COC federation, ILGA-Europe members, national Pride organisations).',
    languages: ['nl', 'en', 'de', 'fr'],
    justification: 'Membership of or donations to an LGBTQ+ association reveal sexual orientation.',
    examples: ['COC Nederland', 'COC Haaglanden', 'Stichting Pride Amsterdam', 'LSVD e.V.'],
  },
  'trade-unions': {
    source: 'Member unions of the federations: FNV, CNV and VCP (NL); ABVV/FGTB, ACV/CSC and ACLVB/CGSLB (BE); ' +
      'DGB and dbb (DE); TUC affiliates (UK); CGT, CFDT, FO, CFE-CGC, CFTC, UNSA, FSU (FR).',
    languages: ['nl', 'en', 'de', 'fr'],
    justification: 'Union dues reveal union membership.',
    examples: [
      'FNV', 'CNV Vakmensen', 'Vakbond De Unie', "NU'91", 'Algemene Onderwijsbond AOb', 'ABVV Metaal',
      'IG Metall Vorstand', 'ver.di Bundesverwaltung', 'UNISON', 'Contributie FNV 2026',
    ],
  },
  'trade-union-acronyms': {
    source: 'As trade-unions: the federations\' member unions known by a short acronym.',
    languages: ['nl', 'en', 'de', 'fr'],
    justification: 'Short acronyms are whole words on names only: in references they collide with units and codes.',
    examples: ['VCP', 'ACV Bouw', 'GEW Hessen', 'GMB', 'CGT Fédération'],
  },
  'union-names-that-are-words': {
    source: 'As trade-unions: union names that are also everyday words ("Unite", "Prospect", "Verdi", "SUD").',
    languages: ['nl', 'en', 'de', 'fr'],
    justification: 'These names count only next to a membership word ("UNION SUBS", "Verdi Mitgliedsbeitrag").',
    examples: ['UNION SUBS', 'Verdi Mitgliedsbeitrag', 'Prospect membership'],
  },
  'health-labs-fertility-pharmacy-chains': {
    source: 'Clinical laboratories (RIZIV/INAMI-accredited labs, MVZ Labor lists, NHS pathology networks), fertility ' +
      'centres (NVOG IVF-centra, Deutsches IVF-Register, ABM), pharmacy chains (Multipharma, Benu, Medi-Market), hospitals ' +
      'named after saints ("AZ Sint-...", "St Thomas\'") and deaconess hospitals.',
    languages: ['nl', 'en', 'de', 'fr'],
    justification: 'Labs, blood tests, fertility treatment and hospitals by short or saint names reveal health care use.',
    examples: [
      'Labor Dr. Wisplinghoff', 'Laboratoire d\'analyses Bio Sud', 'Laboratorium Klinische Chemie', 'Kinderwunschzentrum Berlin',
      'IVF Zentrum Düsseldorf', 'Multipharma Gent', 'AZ Sint-Blasius', 'Diakonessenhuis Zeist', 'Bloedonderzoek Saltro',
    ],
  },
  'religious-communities-abbreviated-and-clergy': {
    source: 'PKN local congregations ("PG" = Protestantse Gemeente), NIK/Portuguese-Jewish community, Catholic dioceses and ' +
      'archdioceses (BE, FR, DE), EKD member churches, Bible societies and mission agencies, mosque and cemevi federations.',
    languages: ['nl', 'en', 'de', 'fr'],
    justification: 'Congregations written abbreviated, clergy and church services, altar servers, Bible and Koran lessons.',
    examples: [
      'PG De Ark Zwolle', 'Israelietische Gemeente Den Haag', 'Offerblok Sint-Jan', 'Archevêché de Lyon',
      'Erzbistum Köln', 'Gottesdienst Kollekte', 'Koranles Moskee', 'Bijbelgenootschap gift', 'Kerkdienst collecte',
    ],
  },
  'political-parties-regional-local-youth': {
    source: 'Kiesraad register incl. local lists, Belgian federal/regional/municipal lists (Vlaanderen Vlaams Kiesweb, ' +
      'Elections Wallonie/Bruxelles), Bundeswahlleiterin and Landeswahlleiter lists incl. Wählergemeinschaften, UK ' +
      'Electoral Commission register (incl. NI parties), French RNE nuances; party youth wings.',
    languages: ['nl', 'en', 'de', 'fr'],
    justification: 'Regional, local and youth parties, council groups and party levies on mandate holders.',
    examples: [
      'COMAC Gent', 'Jeunes MR Namur', 'Adhésion Place Publique', 'Alba Party donation', 'Leefbaar Almere',
      'Freie Wähler Wählergemeinschaft Musterstadt', 'SPD Ortsverein Nord', 'Ulster Unionist Party', 'Die PARTEI',
      'Fractiebijdrage raadsfractie',
    ],
  },
  'party-names-that-are-words-regional': {
    source: 'As political-parties-regional-local-youth: party names that are everyday words or short acronyms.',
    languages: ['nl', 'en', 'de', 'fr'],
    justification: 'Counted only next to a membership or donation word, or as the whole text.',
    examples: ['DéFI', 'Cotisation DéFI 2026', 'Lidmaatschap lijst 2026', 'Mitgliedsbeitrag Ortsverband'],
  },
  'trade-unions-sector-and-professional': {
    source: 'Member unions of ACLVB/ABVV/ACV and public-sector unions VSOA/SLFP (BE), DGB/dbb/unaffiliated sector unions ' +
      '(UFO, DPolG, VBE, Philologenverband, Marburger Bund) (DE), TUC affiliates (FBU, MU, BALPA, Nautilus, Prospect) ' +
      'and professional unions (BMA, RCN, RCM) (UK), FSU/UNSA/Solidaires unions (FR), VCP/FNV sector unions (NL).',
    languages: ['nl', 'en', 'de', 'fr'],
    justification: 'Sector and professional unions known by their own names or acronyms.',
    examples: [
      'VSOA Onderwijs', 'UFO Unabhängige Flugbegleiter Organisation', 'DPolG Bayern', 'Fire Brigades Union',
      "Musicians' Union", 'SNES-FSU', 'BALPA subs', 'Philologenverband NRW',
    ],
  },
  'adult-venues-shops-and-platforms': {
    source: 'Brothel and erotic-club naming (Erotheek, Relax Club, FKK/Saunaclub, Pascha), erotic shops and platforms, ' +
      'tantra and erotic massage, dating and sugar-dating platforms, cam and clip sites.',
    languages: ['nl', 'en', 'de', 'fr'],
    justification: 'Payments to adult venues, shops and platforms reveal sex life.',
    examples: [
      'Erotheek Utrecht', 'Relax Club Venlo', 'FKK Saunaclub Oase', 'Pascha Salzburg', 'Tantra Massage Praktijk',
      'eHarmony subscription', 'KaufMich Premium', 'Salon privé Liège', 'Marc Dorcel VOD', 'Advertentie Kinky',
    ],
  },
  'fines-parking-penalties-courts-abroad': {
    source: 'Raad voor de Rechtspraak, Belgian parketten and minnelijke schikking, Swiss Strafamt/Bussen, Austrian ' +
      'Strafverfügungen, French FPS and ANTAI, UK PCNs, Dart Charge penalties, Scottish and NI courts fines offices, ' +
      'Euro Parking Collection; prisons and criminal records.',
    languages: ['nl', 'en', 'de', 'fr'],
    justification: 'Fines, parking penalties, prosecutions and criminal records are art. 10 data.',
    examples: [
      'Stichting Halt', 'Minnelijke schikking parket Antwerpen', 'Strafamt Zürich', 'Busse Kantonspolizei',
      'Forfait post-stationnement Lyon', 'Euro Parking Collection plc', 'Scottish Courts Fines', 'Penalty Charge Notice',
      'Raad voor de Rechtspraak',
    ],
  },
  'gambling-brands-and-lottery-products': {
    source: 'German GGL whitelist and state lottery companies (Lotto Bayern, WestLotto, GlücksSpirale, Oddset), UK ' +
      'Gambling Commission register (Sky Vegas, Virgin Bet, 32Red), ANJ (PMU Tiercé/Quinté+, FDJ products), Belgian ' +
      'Kansspelcommissie (arcades, "Play" halls), racing and betting-shop vocabulary.',
    languages: ['nl', 'en', 'de', 'fr'],
    justification: 'Gambling and lottery products mark a duty-of-care moment.',
    examples: [
      'GlücksSpirale Los', 'Oddset Kombiwette', 'Tiercé PMU', 'Sky Vegas deposit', 'Löwen Play Berlin', 'WestLotto',
      'Spiel 77 Zusatz', 'Virgin Bet', 'Betting shop Ladbrokes', 'Jackpot City Casino',
    ],
  },
  'debt-collectors-bailiffs-guardianship': {
    source: 'Collection agencies by name (Wet incassodiensten register, BE FOD Economie register, BDIU members, CSA UK ' +
      'members, FR ANCR), bailiffs (KBvG, commissaires de justice, High Court Enforcement Officers), guardianship and ' +
      'budget bodies (UDAF, Betreuungsvereine, Point conseil budget), social assistance.',
    languages: ['nl', 'en', 'de', 'fr'],
    justification: 'Payments to collectors, bailiffs and guardians reveal debt trouble.',
    examples: [
      'Straetus Incasso', 'Fair Collect', 'infoscore Forderungsmanagement', 'PAIR Finance', 'Paigo GmbH',
      'Arrow Global', 'Marston Holdings', 'UDAF 59', 'Commissaire de justice Dupont', 'Link Financial',
      'Bos Incasso', 'Riverty Forderungsmanagement',
    ],
  },
};

/** Texts (name and reference of one payment) the in-doubt rule (./in-doubt.ts) must screen, and pass. */
export const IN_DOUBT_EXAMPLES: { readonly screens: readonly string[]; readonly passes: readonly string[] } =
  {
    screens: [
      'Vereniging De Vrije Gedachte contributie 2026',
      'Stichting Vrienden van Elkaar lidmaatschap',
      'Verein für Gleichberechtigung e.V. Mitgliedsbeitrag',
      'Association Solidarité cotisation annuelle',
    ],
    passes: [
      'Voetbalvereniging Sparta contributie 2026',
      'VvE Parkzicht bijdrage en lidmaatschap',
      'Tennisvereniging De Lob contributie',
      'TSV 1860 e.V. Mitgliedsbeitrag',
      'Basic-Fit lidmaatschap december',
      'Contributie 2026',
    ],
  };
