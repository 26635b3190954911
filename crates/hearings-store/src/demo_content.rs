//! The demo data's content: Glostrup-flavoured, clearly fictitious organisations and texts.
//!
//! Every organisation, person, plan number and response below is made up.
//! The business policy's own wording (vision, message and four points) is
//! quoted from the municipality's policy, since the demo hearing is about it.

/// A question on a demo hearing's form.
#[derive(Debug, Clone, Copy)]
pub struct DemoQuestion {
    /// The kind's wire name: `short_text`, `long_text`, `single_choice`,
    /// `multiple_choice`, `scale`, `number`, `yes_no` or `file`.
    pub kind: &'static str,
    /// The question itself.
    pub prompt: &'static str,
    /// Whether an answer is required.
    pub required: bool,
    /// The options of a choice question (empty otherwise).
    pub options: &'static [&'static str],
    /// The unit of a number question.
    pub unit: Option<&'static str>,
    /// A hint shown under the question (empty for none).
    pub help: &'static str,
}

/// A section (§) of a demo hearing's proposal; the heading has no "§ n".
#[derive(Debug, Clone, Copy)]
pub struct DemoSection {
    /// The heading, without its number.
    pub heading: &'static str,
    /// The text of the section.
    pub body: &'static str,
}

/// A demo hearing, with its proposal and its form.
#[derive(Debug, Clone, Copy)]
pub struct DemoHearing {
    /// A stable key: "lokalplan", "policy", "kulturnat" or "pulse".
    pub key: &'static str,
    /// The hearing kind's wire name: `lokalplanforslag`, `policy`, `open_call`, `pulse_survey`.
    pub kind: &'static str,
    /// The title.
    pub title: &'static str,
    /// The summary.
    pub summary: &'static str,
    /// The local area code (from `local-areas.csv`).
    pub area: &'static str,
    /// The responsible committee's Danish name (from `committees.csv`).
    pub committee: &'static str,
    /// When it opens, in days from now (negative = in the past).
    pub opens_days_from_now: i64,
    /// When it closes, in days from now; `None` = no deadline (open call only).
    pub closes_days_from_now: Option<i64>,
    /// The proposal's sections, in order.
    pub sections: &'static [DemoSection],
    /// The questions, in order.
    pub questions: &'static [DemoQuestion],
}

/// A fictitious organisation for the demo data.
#[derive(Debug, Clone, Copy)]
pub struct DemoOrganisation {
    /// The name; every name ends with " (fiktiv)".
    pub name: &'static str,
    /// The first 7 digits of the CVR number (the check digit is computed).
    pub cvr_prefix: u32,
    /// The industry classification: "DB07" or "DB25".
    pub classification: &'static str,
    /// A section letter of that classification.
    pub section: char,
    /// The EU size class: `micro`, `small`, `medium` or `large`.
    pub size_class: &'static str,
    /// The local area code (never `hele-kommunen`).
    pub area: &'static str,
    /// The respondent type: `company`, `business_association`, `public_authority`,
    /// `other_organisation` or `private_person`.
    pub respondent_type: &'static str,
}

/// A demo response to the policy hearing.
#[derive(Debug, Clone, Copy)]
pub struct DemoAnswer {
    /// The stance: `supports`, `supports_with_changes`, `neutral` or `opposes`.
    pub stance: &'static str,
    /// The publication choice: `named` or `anonymous`.
    pub publication: &'static str,
    /// The respondent's comment.
    pub text: &'static str,
}

/// A question without options or unit.
const fn plain(kind: &'static str, prompt: &'static str, required: bool) -> DemoQuestion {
    DemoQuestion {
        kind,
        prompt,
        required,
        options: &[],
        unit: None,
        help: "",
    }
}

/// A choice question (`single_choice` or `multiple_choice`).
const fn choice(
    kind: &'static str,
    prompt: &'static str,
    required: bool,
    options: &'static [&'static str],
) -> DemoQuestion {
    DemoQuestion {
        kind,
        prompt,
        required,
        options,
        unit: None,
        help: "",
    }
}

/// An optional number question with its unit.
const fn number(prompt: &'static str, unit: &'static str) -> DemoQuestion {
    DemoQuestion {
        kind: "number",
        prompt,
        required: false,
        options: &[],
        unit: Some(unit),
        help: "Et skøn er nok. Skriv 0, hvis det ikke berører jer.",
    }
}

const fn s(heading: &'static str, body: &'static str) -> DemoSection {
    DemoSection { heading, body }
}

const fn org(
    name: &'static str,
    cvr_prefix: u32,
    classification: &'static str,
    section: char,
    size_class: &'static str,
    area: &'static str,
    respondent_type: &'static str,
) -> DemoOrganisation {
    DemoOrganisation {
        name,
        cvr_prefix,
        classification,
        section,
        size_class,
        area,
        respondent_type,
    }
}

const fn a(stance: &'static str, publication: &'static str, text: &'static str) -> DemoAnswer {
    DemoAnswer {
        stance,
        publication,
        text,
    }
}

/// The four demo hearings: a local plan proposal (open), the business policy
/// (closed), an open call for Kulturnatten and a pulse survey.
pub static HEARINGS: &[DemoHearing] = &[
    DemoHearing {
        key: "lokalplan",
        kind: "lokalplanforslag",
        title: "Lokalplanforslag 312 – Butikker og service i stueetagen i Glostrup Bymidte",
        summary: "Forslaget giver mulighed for butikker, caféer, klinikker og liberale erhverv i \
                  stueetagen langs gaderne i Glostrup Bymidte, også uden for gågaden. Formålet er \
                  mere liv i gadeplan og bedre muligheder for, at mindre butikker kan etablere \
                  sig. Boligerne på etagerne over stueetagen bevares.",
        area: "bymidten",
        committee: "Vækst- og Byudviklingsudvalget",
        opens_days_from_now: -10,
        closes_days_from_now: Some(25),
        sections: &[
            s(
                "Formål",
                "Lokalplanens formål er at give mulighed for butikker, serviceerhverv og liberale \
                 erhverv i stueetagen langs gaderne i Glostrup Bymidte. Lokalplanen skal bidrage \
                 til et levende byliv i gadeplan og gøre det lettere for mindre butikker at få \
                 fodfæste. Samtidig skal lokalplanen sikre, at boligerne på de øvrige etager \
                 bevares, og at nye erhverv ikke medfører væsentlige gener for naboerne.",
            ),
            s(
                "Område og zonestatus",
                "Lokalplanområdet afgrænses som vist på kortbilag 1 og omfatter ejendommene langs \
                 gaderne omkring gågaden i Glostrup Bymidte. Området ligger i byzone og forbliver \
                 i byzone. Lokalplanområdet har et samlet areal på ca. 6,4 ha.",
            ),
            s(
                "Anvendelse",
                "Stueetagen i de ejendomme, der er vist på kortbilag 2, må anvendes til butikker, \
                 caféer, restauranter, frisører, klinikker og liberale erhverv samt til boliger. \
                 Den enkelte butik må have et bruttoetageareal på højst 500 m². Etagerne over \
                 stueetagen må kun anvendes til boliger. Der må ikke etableres virksomhed, som kan \
                 give støj-, lugt- eller trafikgener ud over det, der er almindeligt i en bymidte.",
            ),
            s(
                "Bebyggelsens omfang og placering",
                "Bebyggelsesprocenten for den enkelte ejendom må ikke overstige 150. Bebyggelse må \
                 opføres i højst 4 etager og med en højde på højst 16 m. Ny bebyggelse skal \
                 placeres i facadelinjen mod gaden som vist på kortbilag 2. Indretning af erhverv \
                 i en eksisterende stueetage kræver ikke ændring af bebyggelsens ydre omfang.",
            ),
            s(
                "Facader og skilte",
                "Facaden i stueetagen skal have vinduespartier, der giver indblik til butikken \
                 eller virksomheden, og højst 20 % af glasarealet må blændes eller dækkes med \
                 folie. Skilte skal placeres på facaden i stueetagen og må højst være 0,5 m høje. \
                 Lysskilte må ikke blinke eller have bevægelige lyseffekter. Skilte kræver \
                 kommunens tilladelse, før de sættes op.",
            ),
            s(
                "Parkering og cykelparkering",
                "Der skal anlægges 1 parkeringsplads pr. 50 m² butiksareal; kravet kan opfyldes i \
                 fælles parkeringsanlæg i bymidten eller ved indbetaling til kommunens \
                 parkeringsfond. Der skal etableres mindst 2 cykelparkeringspladser pr. 100 m² \
                 erhvervsareal tæt ved indgangen. Vareindlevering fra gaden må kun ske mellem kl. \
                 7 og kl. 10.",
            ),
            s(
                "Forudsætninger for ibrugtagen",
                "Ny anvendelse af en stueetage til erhverv må ikke tages i brug, før der er \
                 etableret cykelparkering som fastsat i lokalplanen. Ny bebyggelse må ikke tages i \
                 brug, før parkering er etableret eller indbetalt, og bebyggelsen er tilsluttet \
                 fjernvarme. Butikker og klinikker skal opfylde bygningsreglementets krav til \
                 tilgængelighed.",
            ),
        ],
        questions: &[
            choice(
                "single_choice",
                "Hvordan vil forslaget påvirke din virksomhed?",
                true,
                &[
                    "Meget positivt",
                    "Positivt",
                    "Ingen betydning",
                    "Negativt",
                    "Meget negativt",
                ],
            ),
            plain(
                "scale",
                "Hvor vigtigt er det for dig, at butikker kan ligge i stueetagen uden for gågaden?",
                false,
            ),
            number(
                "Hvad forventer I, at forslaget vil betyde for jeres virksomheds økonomi om året? \
                 Angiv en forventet gevinst som et positivt tal og en udgift som et negativt tal.",
                "kr.",
            ),
            plain(
                "yes_no",
                "Overvejer I at åbne eller flytte en butik eller klinik til en stueetage i \
                 området, hvis forslaget vedtages?",
                false,
            ),
            choice(
                "multiple_choice",
                "Hvilke af forslagets bestemmelser har betydning for jer?",
                false,
                &[
                    "Butikker og service i stueetagen",
                    "Krav om parkering",
                    "Cykelparkering",
                    "Regler for skilte",
                    "Regler for facader og vinduer",
                    "Tider for vareindlevering",
                ],
            ),
            plain(
                "long_text",
                "Har I andre bemærkninger til lokalplanforslaget?",
                false,
            ),
        ],
    },
    DemoHearing {
        key: "policy",
        kind: "policy",
        title: "Høring over Erhvervspolitik 2026–2029 for Glostrup Kommune",
        summary: "Kommunalbestyrelsen har sendt forslaget til en ny erhvervspolitik i høring. \
                  Politikken sætter rammen for samarbejdet mellem virksomheder, kommune og borgere \
                  med fire indsatsområder: undervisning og kulturliv, borgernes rolle i \
                  erhvervslivet, erhvervslivets stemme i kommunalpolitikken og butikker i \
                  nærmiljøet.",
        area: "hele-kommunen",
        committee: "Erhvervs- og Arbejdsmarkedsudvalget",
        opens_days_from_now: -60,
        closes_days_from_now: Some(-18),
        sections: &[
            s(
                "Vision og budskab",
                "Sammen skaber vi et styrket og bæredygtigt erhvervsliv i Glostrup, hvor \
                 virksomhederne er stolte af deres kommune, og hvor borgerne støtter op omkring \
                 deres lokale virksomheder. Glostrup Kommune skal være et attraktivt sted for \
                 vores mange virksomheder og arbejdspladser i Glostrup Kommune. Samarbejdet mellem \
                 virksomheder, kommune og borgere skal være tæt, og det er politikernes ansvar at \
                 skabe rammerne for, at erhvervslivet i Glostrup trives – til gavn for byens \
                 borgere, klima, miljø og kommunens økonomi.",
            ),
            s(
                "Erhvervslivet skal involveres i undervisning og kulturliv",
                "Virksomheder skal involveres i kulturlivet og inviteres til at deltage i f.eks. \
                 Glostrup Festival. Kulturnatten skal udbygges, så den ikke kun finder sted i \
                 centrum af Glostrup. Virksomheder skal inviteres ind i undervisningen af byens \
                 borgere (folkeskole, voksenundervisning osv.).",
            ),
            s(
                "Borgerne skal involveres i erhvervslivet",
                "Glostrup Kommune skal facilitere samarbejdet mellem erhvervslivet og kommunens \
                 institutioner. Skoleelevers muligheder for erhvervspraktik og virksomhedsbesøg \
                 skal være en naturlig del af deres skolegang. Lokale borgere skal hjælpes til at \
                 søge lokale stillinger, hvor relevant. Glostrup Kommune skal have fokus på, at \
                 borgere ser det som naturligt at støtte op omkring lokale erhvervsdrivende.",
            ),
            s(
                "Erhvervslivets stemme skal høres i kommunalpolitik",
                "Erhvervslivet skal høres, når der træffes beslutninger i kommunalbestyrelsen. \
                 Glostrup Kommune skal være nysgerrig på lokale virksomheders innovative \
                 løsninger. Glostrup Kommune skal være opsøgende i forhold til virksomhedernes \
                 udfordringer.",
            ),
            s(
                "Butikkernes varer skal dufte i vores nærmiljø",
                "Mindre butikker skal nemt kunne få fodfæste i vores kommune. Virksomheder skal \
                 have gode vilkår ved f.eks. støtte fra en erhvervskonsulent. Lokalplaner skal \
                 understøtte liberalt erhverv i lokalområderne, så handel og service ikke i så høj \
                 grad kun centreres i Glostrup Bymidte.",
            ),
        ],
        questions: &[
            plain(
                "scale",
                "I hvilken grad er du enig i erhvervspolitikkens vision?",
                true,
            ),
            choice(
                "multiple_choice",
                "Hvilke indsatsområder er vigtigst for din virksomhed?",
                false,
                &[
                    "Erhvervslivet skal involveres i undervisning og kulturliv",
                    "Borgerne skal involveres i erhvervslivet",
                    "Erhvervslivets stemme skal høres i kommunalpolitik",
                    "Butikkernes varer skal dufte i vores nærmiljø",
                ],
            ),
            plain(
                "long_text",
                "Har I kommentarer til erhvervspolitikken?",
                false,
            ),
            number(
                "Hvor mange ansatte forventer I at have om to år?",
                "ansatte",
            ),
        ],
    },
    DemoHearing {
        key: "kulturnat",
        kind: "open_call",
        title: "Kulturnatten i dit lokalområde – vær med som virksomhed",
        summary: "Kulturnatten skal ikke kun foregå i Glostrup Bymidte. Vi søger virksomheder i \
                  hele kommunen, som vil åbne dørene, vise deres håndværk eller stå for en \
                  aktivitet på Kulturnatten. Tilmeldingen er åben, indtil programmet er fuldt.",
        area: "hele-kommunen",
        committee: "Kultur- og Fritidsudvalget",
        opens_days_from_now: -5,
        closes_days_from_now: None,
        sections: &[
            s(
                "Om Kulturnatten",
                "Kulturnatten i Glostrup er en aften i oktober, hvor byens kulturinstitutioner, \
                 foreninger og virksomheder holder åbent med aktiviteter for alle aldre. Med \
                 erhvervspolitikken har kommunalbestyrelsen besluttet, at Kulturnatten skal \
                 udbygges, så den også finder sted i Ejby, Glostrup Sydvest, Hvissinge og \
                 Kirkebjerg.",
            ),
            s(
                "Hvad kan I byde ind med?",
                "Det kan være en rundvisning i produktionen, en smagsprøve, en workshop for børn \
                 eller en lille koncert i butikken. Aktiviteten skal være gratis for gæsterne og \
                 må gerne vise, hvad jeres virksomhed kan.",
            ),
            s(
                "Hvad gør kommunen?",
                "Kultur- og Fritidsforvaltningen samler programmet, markedsfører Kulturnatten og \
                 kan hjælpe med skilte og kontakt til foreninger i jeres lokalområde. Vi kontakter \
                 jer senest fire uger før Kulturnatten for at aftale de praktiske detaljer.",
            ),
        ],
        questions: &[
            plain("short_text", "Hvad vil I tilbyde?", true),
            choice(
                "single_choice",
                "I hvilket lokalområde vil I holde jeres arrangement?",
                false,
                &[
                    "Glostrup Bymidte",
                    "Ejby",
                    "Glostrup Sydvest",
                    "Hvissinge",
                    "Kirkebjerg",
                ],
            ),
            number("Hvor mange gæster kan I tage imod?", "gæster"),
            plain("yes_no", "Har I brug for hjælp til markedsføring?", false),
        ],
    },
    DemoHearing {
        key: "pulse",
        kind: "pulse_survey",
        title: "Hvad holder din virksomhed tilbage?",
        summary: "En kort pulsmåling til erhvervspanelet. Vi vil gerne vide, hvilke forhold der \
                  bremser din virksomhed, så kommunen kan sætte ind dér, hvor det gør en forskel. \
                  Det tager under fem minutter at svare.",
        area: "hele-kommunen",
        committee: "Erhvervs- og Arbejdsmarkedsudvalget",
        opens_days_from_now: -3,
        closes_days_from_now: Some(11),
        sections: &[
            s(
                "Om pulsmålingen",
                "Glostrup Kommune vil være opsøgende i forhold til virksomhedernes udfordringer, \
                 som det står i erhvervspolitikken. Erhvervs- og Arbejdsmarkedsudvalget bruger \
                 svarene til at prioritere indsatserne i kommunens erhvervsservice.",
            ),
            s(
                "Sådan bruger vi svarene",
                "Resultatet offentliggøres samlet og fordelt på branche, virksomhedsstørrelse og \
                 lokalområde. Du vælger selv, om dit svar må offentliggøres med virksomhedens \
                 navn.",
            ),
        ],
        questions: &[
            choice(
                "multiple_choice",
                "Hvilke forhold bremser jeres virksomhed mest? Vælg gerne flere.",
                true,
                &[
                    "Rekruttering af medarbejdere",
                    "Parkering for kunder og medarbejdere",
                    "Kommunens sagsbehandlingstid",
                    "Byggesager og tilladelser",
                    "Trafik og fremkommelighed",
                    "Mangel på egnede lokaler",
                    "Adgang til kompetencer og uddannelse",
                    "Andet",
                ],
            ),
            plain(
                "scale",
                "Hvor tilfredse er I med kommunens erhvervsservice?",
                false,
            ),
            plain(
                "long_text",
                "Fortæl gerne mere om, hvad der holder jer tilbage, og hvad kommunen kan gøre.",
                false,
            ),
        ],
    },
];

/// 48 fictitious organisations, in the same order as [`POLICY_RESPONSES`].
#[rustfmt::skip]
pub static ORGANISATIONS: &[DemoOrganisation] = &[
    org("Hovedgadens Bageri ApS (fiktiv)", 3_104_527, "DB25", 'C', "micro", "bymidten", "company"),
    org("Kirkebjerg Maskinfabrik A/S (fiktiv)", 1_689_304, "DB25", 'C', "medium", "kirkebjerg",
        "company"),
    org("Glostrup Handelsstandsforening (fiktiv)", 2_275_816, "DB25", 'T', "micro", "bymidten",
        "business_association"),
    org("Tavleholm Logistik A/S (fiktiv)", 3_958_142, "DB25", 'H', "large", "hvissinge", "company"),
    org("Ejby Blomster og Kaffe (fiktiv)", 4_421_093, "DB25", 'G', "micro", "ejby", "company"),
    org("Sydvest Tømrer & Snedker ApS (fiktiv)", 2_810_375, "DB07", 'F', "small", "sydvest",
        "company"),
    org("Vestvolden IT-Service ApS (fiktiv)", 4_067_218, "DB25", 'K', "small", "bymidten",
        "company"),
    org("Glostrup Revision & Rådgivning I/S (fiktiv)", 1_532_960, "DB25", 'N', "small", "bymidten",
        "company"),
    org("Café Stationen Glostrup (fiktiv)", 3_746_051, "DB25", 'I', "micro", "bymidten", "company"),
    org("Erhvervsforeningen Kirkebjerg (fiktiv)", 2_093_487, "DB25", 'T', "micro", "kirkebjerg",
        "business_association"),
    org("Hvissinge Grønt Gartneri (fiktiv)", 4_385_726, "DB07", 'A', "micro", "hvissinge",
        "company"),
    org("Nordisk Medicoteknik Glostrup A/S (fiktiv)", 3_320_649, "DB25", 'C', "large", "kirkebjerg",
        "company"),
    org("Salon Byhjørnet (fiktiv)", 4_172_385, "DB25", 'T', "micro", "ejby", "company"),
    org("Glostrup Ejendomsudvikling A/S (fiktiv)", 2_648_130, "DB25", 'M', "medium", "bymidten",
        "company"),
    org("Ejby Vognmandsforretning ApS (fiktiv)", 1_947_562, "DB07", 'H', "small", "ejby",
        "company"),
    org("Vestegnens Rengøringsservice ApS (fiktiv)", 3_587_214, "DB25", 'O', "medium", "sydvest",
        "company"),
    org("Sydvest Fysioterapi & Træning (fiktiv)", 4_296_031, "DB25", 'R', "small", "sydvest",
        "company"),
    org("Glostrup Boghandel (fiktiv)", 2_731_659, "DB25", 'G', "micro", "bymidten", "company"),
    org("Kirkebjerg Auto ApS (fiktiv)", 3_465_807, "DB07", 'G', "small", "kirkebjerg", "company"),
    org("Glostrup Forsyning A/S (fiktiv)", 2_154_398, "DB25", 'E', "medium", "hvissinge",
        "company"),
    org("Vestegnens Beredskab (fiktiv)", 3_872_046, "DB25", 'P', "medium", "hvissinge",
        "public_authority"),
    org("Hvissinge Erhvervsnetværk (fiktiv)", 1_826_473, "DB25", 'T', "micro", "hvissinge",
        "business_association"),
    org("Ejby Idrætsforening (fiktiv)", 4_519_260, "DB25", 'S', "small", "ejby",
        "other_organisation"),
    org("Glostrup Kunstforening (fiktiv)", 2_387_514, "DB07", 'R', "micro", "bymidten",
        "other_organisation"),
    org("Boligforeningen Sydvesthjem (fiktiv)", 3_019_872, "DB25", 'M', "small", "sydvest",
        "other_organisation"),
    org("Privatperson, Kirkebjerg (fiktiv)", 4_648_315, "DB25", 'U', "micro", "kirkebjerg",
        "private_person"),
    org("Privatperson, Ejby (fiktiv)", 4_753_906, "DB25", 'U', "micro", "ejby", "private_person"),
    org("Privatperson, Glostrup Sydvest (fiktiv)", 4_837_621, "DB25", 'U', "micro", "sydvest",
        "private_person"),
    org("Tavleholm Nord Stål & Beslag A/S (fiktiv)", 2_569_043, "DB25", 'C', "medium", "hvissinge",
        "company"),
    org("Glostrup Tandlægehus (fiktiv)", 3_683_190, "DB07", 'Q', "small", "bymidten", "company"),
    org("Ejby Byg og Anlæg A/S (fiktiv)", 1_754_829, "DB25", 'F', "medium", "ejby", "company"),
    org("Nørregårdens Køkkenforsyning ApS (fiktiv)", 2_906_734, "DB25", 'G', "small", "kirkebjerg",
        "company"),
    org("Vestegnens Sprogskole (fiktiv)", 3_241_568, "DB25", 'Q', "small", "sydvest", "company"),
    org("Byens Optiker Glostrup (fiktiv)", 4_014_873, "DB25", 'G', "micro", "bymidten", "company"),
    org("Glostrup Skomager & Nøgleservice (fiktiv)", 1_398_257, "DB25", 'T', "micro", "bymidten",
        "company"),
    org("Hovedgadens Isenkram (fiktiv)", 2_472_961, "DB25", 'G', "micro", "bymidten", "company"),
    org("Delikatessen på Torvet (fiktiv)", 3_395_604, "DB25", 'G', "micro", "bymidten", "company"),
    org("Kirkebjerg Kølelager A/S (fiktiv)", 1_613_748, "DB25", 'H', "large", "kirkebjerg",
        "company"),
    org("Glostrup Arkitekter ApS (fiktiv)", 2_215_093, "DB07", 'M', "small", "bymidten", "company"),
    org("Vestegnens Vikarbureau ApS (fiktiv)", 3_834_216, "DB25", 'O', "small", "sydvest",
        "company"),
    org("Sydvest Solenergi ApS (fiktiv)", 4_108_652, "DB25", 'D', "small", "sydvest", "company"),
    org("Glostrup Lokalradio og Medie (fiktiv)", 1_476_390, "DB25", 'J', "micro", "ejby",
        "company"),
    org("Vestegnens Sparekasse (fiktiv)", 2_959_817, "DB25", 'L', "medium", "bymidten", "company"),
    org("Ejby Pizza & Grill (fiktiv)", 4_562_148, "DB07", 'I', "micro", "ejby", "company"),
    org("Hvissinge Entreprenørmaskiner A/S (fiktiv)", 3_157_426, "DB07", 'N', "medium", "hvissinge",
        "company"),
    org("Ejby Handelsforening (fiktiv)", 2_024_685, "DB07", 'S', "micro", "ejby",
        "business_association"),
    org("Vestegnens Jobsamarbejde (fiktiv)", 3_562_907, "DB25", 'P', "small", "bymidten",
        "public_authority"),
    org("Nordlys Software A/S (fiktiv)", 1_871_534, "DB25", 'K', "large", "kirkebjerg", "company"),
    // Six members of a business network sending one form letter (a campaign).
    org("Kirkebjerg Emballage ApS (fiktiv)", 4_903_118, "DB25", 'C', "small", "kirkebjerg",
        "company"),
    org("Tavleholm Autoservice (fiktiv)", 4_915_274, "DB25", 'G', "micro", "hvissinge", "company"),
    org("Vestvolden Rengøring ApS (fiktiv)", 4_927_439, "DB25", 'N', "small", "kirkebjerg",
        "company"),
    org("Nordre Ringvej Kantine (fiktiv)", 4_938_650, "DB25", 'I', "micro", "kirkebjerg", "company"),
    org("Hvissinge Elektro A/S (fiktiv)", 4_950_817, "DB25", 'F', "small", "hvissinge", "company"),
    org("Kirkebjerg Tegnestue (fiktiv)", 4_962_093, "DB25", 'M', "micro", "kirkebjerg", "company"),
];

/// One response to the policy hearing per organisation, in the same order as
/// [`ORGANISATIONS`]. Entries 18, 34, 35, 36 and 37 (counting from 1) are a
/// near-identical campaign from shops in Glostrup Handelsstandsforening, and
/// the last six a form letter from a business network in Kirkebjerg and
/// Hvissinge, with small edits, a greeting and signatures.
#[rustfmt::skip]
pub static POLICY_RESPONSES: &[DemoAnswer] = &[
    a("supports", "named", "Vi bakker op om politikken, især punktet om butikker i nærmiljøet. Som \
        bager mærker vi, at kunderne handler lokalt, når der er liv i gaden. Vi vil gerne være med \
        på Kulturnatten med smagsprøver fra bageriet."),
    a("supports_with_changes", "named", "Vi støtter tankerne om erhvervspraktik og tager gerne \
        elever fra 8. og 9. klasse. Men politikken siger for lidt om erhvervsområderne: I \
        Kirkebjerg er det svært at rekruttere faglærte, og busforbindelsen fra stationen passer \
        ikke til skiftholdene. Vi foreslår en konkret indsats for rekruttering og kollektiv trafik \
        til erhvervsområderne."),
    a("supports_with_changes", "named", "Handelsstandsforeningen bakker op om visionen og især om \
        punkt 4. Vi efterlyser en handlingsplan med konkrete mål for tomme butikslokaler og for \
        parkering i bymidten. Foreningen stiller gerne op som fast samarbejdspartner, når kommunen \
        planlægger Kulturnatten og Glostrup Festival."),
    a("supports_with_changes", "named", "Som en af de store arbejdspladser i Tavleholm Nord \
        støtter vi, at erhvervslivet høres, før kommunalbestyrelsen beslutter. Trafikken ved Ring \
        3 og tilkørslen til erhvervsområdet er vores største udfordring, og den bør nævnes i \
        politikken. Vi tilbyder gerne virksomhedsbesøg for skoleklasser."),
    a("supports", "named", "Det er dejligt, at politikken ser ud over bymidten. Små butikker som \
        vores i Ejby har brug for lokalplaner, der tillader handel og service i lokalområderne. Vi \
        er med, hvis Kulturnatten kommer til Ejby."),
    a("supports", "named", "Vi har allerede lærlinge og vil gerne have flere skoleelever i \
        erhvervspraktik. Det ville hjælpe, hvis kommunen samlede praktikpladserne ét sted, så \
        skolerne nemt kan finde os."),
    a("supports", "named", "Vi støtter politikken. Kommunen bør være nysgerrig på lokale \
        it-løsninger og gøre det lettere for små leverandører at byde på kommunale opgaver, f.eks. \
        ved at dele udbud op i mindre dele."),
    a("supports_with_changes", "named", "Vi savner mål, der kan følges op på. Vi foreslår, at \
        kommunen hvert år offentliggør sagsbehandlingstiderne for erhvervssager og resultatet af \
        en pulsmåling blandt virksomhederne, så kommunalbestyrelsen kan se, om politikken virker."),
    a("supports", "named", "Kulturnatten og Glostrup Festival giver os nogle af årets bedste \
        aftener. Vi bakker op om at sprede arrangementerne til lokalområderne, men håber, at \
        bymidten stadig får sin del."),
    a("supports_with_changes", "named", "Erhvervsforeningen støtter politikken, men den er skrevet \
        med butikkerne for øje. Kirkebjerg har mange produktions- og servicevirksomheder, der har \
        brug for bedre veje, hurtigere byggesagsbehandling og en fast erhvervskonsulent. Vi ønsker \
        et femte indsatsområde om erhvervsområderne."),
    a("supports", "named", "Vi sælger grøntsager fra gården og vil gerne have, at borgerne støtter \
        lokale producenter. Et lokalt marked i Hvissinge om sommeren ville være en god start."),
    a("supports", "named", "Vi bakker op og vil gerne bidrage til undervisningen i folkeskolen og \
        på voksenuddannelserne med vores ingeniører. Det er vigtigt for os, at lokale borgere får \
        hjælp til at søge stillinger i produktionen."),
    a("supports", "anonymous", "Som lille frisørsalon i Ejby er vi glade for, at politikken vil \
        give små butikker bedre vilkår. Det ville hjælpe meget, hvis reglerne for skilte og \
        udeservering var lettere at forstå."),
    a("opposes", "named", "Vi er imod formuleringen i punkt 4 om at flytte handel og service ud af \
        bymidten. Bymidten har allerede tomme butikslokaler, og spredning vil svække handelslivet \
        yderligere. Kommunen bør styrke bymidten først."),
    a("opposes", "anonymous", "Politikken handler om kultur og butikker, men intet om de \
        virksomheder, der kører varerne ud. Der mangler holdepladser til lastbiler, og de nye \
        parkeringsregler gør det svært at drive vognmandsforretning i Ejby. Vi kan ikke støtte \
        politikken, før det er med."),
    a("supports", "anonymous", "Vi ansætter mange lokale borgere og støtter, at kommunen hjælper \
        folk til at søge lokale job. Et samarbejde med jobcentret om danskkurser for nye \
        medarbejdere ville gøre en stor forskel."),
    a("supports", "named", "Vi er en lille klinik, der gerne vil flytte til en stueetage i \
        Glostrup Sydvest. Derfor støtter vi, at lokalplanerne åbner for liberale erhverv i \
        lokalområderne."),
    a("supports_with_changes", "named", "Som medlem af Glostrup Handelsstandsforening støtter vi \
        erhvervspolitikken, men punkt 4 skal gøres konkret. Vi ønsker to timers gratis parkering i \
        hele bymidten, hurtigere svar på ansøgninger om skilte og udstilling på fortovet, og en \
        fast erhvervskonsulent for de mindre butikker."),
    a("opposes", "anonymous", "Vi har ventet over et halvt år på en byggetilladelse til en ny \
        værkstedshal. Før kommunen skriver nye politikker, bør sagsbehandlingen fungere. Vi er \
        imod politikken i sin nuværende form, fordi den ikke forpligter kommunen til noget."),
    a("neutral", "named", "Forsyningen har ingen bemærkninger til selve politikken. Vi gør \
        opmærksom på, at nye caféer og restauranter i stueetager kan kræve fedtudskillere og \
        ændrede kloaktilslutninger, og vi bidrager gerne til kommunens vejledning af \
        virksomhederne."),
    a("neutral", "named", "Beredskabet har ingen indvendinger. Når Kulturnatten spredes til flere \
        steder, skal arrangørerne søge om tilladelse i god tid, hvis lokaler skal bruges af mere \
        end 150 personer."),
    a("supports_with_changes", "named", "Netværket støtter politikken og især ønsket om at høre \
        erhvervslivet før beslutninger. Vi foreslår et årligt erhvervsmøde i Tavleholm Nord, hvor \
        udvalget møder virksomhederne. Høringsfristerne bør være mindst fire uger, så foreningerne \
        kan nå at samle medlemmernes synspunkter."),
    a("supports", "named", "Idrætsforeningen vil gerne samarbejde med lokale virksomheder om \
        sponsorater og arrangementer. Vi foreslår, at kommunen hjælper med at skabe kontakt mellem \
        foreninger og virksomheder i lokalområderne."),
    a("supports", "named", "Vi glæder os over, at virksomhederne inviteres ind i kulturlivet. \
        Udstillinger i ledige butikslokaler kunne give liv i gaderne, indtil der kommer nye \
        lejere."),
    a("supports_with_changes", "named", "Boligforeningen støtter, at der kommer mere handel og \
        service i Glostrup Sydvest. Nye erhverv i stueetagerne må ikke give støj om aftenen eller \
        parkering på boligvejene. Vi ønsker at blive hørt, når der laves lokalplaner for vores \
        område."),
    a("supports", "anonymous", "Jeg handler helst lokalt, men der er langt til butikkerne fra \
        Kirkebjerg. Det ville være godt med en lille dagligvarebutik eller et bageri tættere på."),
    a("opposes", "anonymous", "Jeg er imod, at der kommer flere butikker og restauranter i \
        boligområderne i Ejby. Det giver mere trafik og støj i de små gader. Handlen hører til i \
        bymidten."),
    a("neutral", "anonymous", "Politikken lyder fornuftig, men det er svært at se, hvad den \
        betyder for borgerne i praksis. Jeg vil gerne kunne følge med i, hvad kommunen konkret \
        gør."),
    a("supports_with_changes", "named", "Vi støtter erhvervspraktik og virksomhedsbesøg, men \
        skolerne skal have transport til erhvervsområderne, ellers bliver det ikke til noget. \
        Kommunen bør afsætte midler til bus for skoleklasser, der besøger virksomheder i Tavleholm \
        Nord."),
    a("supports", "named", "Vi bakker op om politikken. Klinikker og liberale erhverv har brug for \
        lokaler i stueetagen med god tilgængelighed, og det bør lokalplanerne sikre."),
    a("supports_with_changes", "named", "Vi støtter visionen, men byggesagsbehandlingen er for \
        langsom. Vi foreslår en servicegaranti for behandlingstiden på byggesager og et fast \
        kontaktpunkt for erhvervsbyggeri."),
    a("opposes", "anonymous", "Politikken er pæne ord uden mål eller budget. Vi bruger mere tid på \
        at vente på kommunal sagsbehandling end på at samarbejde med kommunen, og det ændrer \
        politikken ikke på. Vi kan ikke støtte den."),
    a("supports", "named", "Vi vil gerne samarbejde med lokale virksomheder om danskundervisning \
        på arbejdspladsen. Voksenundervisningen er et godt sted at bringe virksomheder og borgere \
        sammen, som politikken foreslår."),
    a("supports_with_changes", "named", "Som medlem af Glostrup Handelsstandsforening støtter vi \
        erhvervspolitikken, men punkt 4 skal gøres konkret. Vi ønsker 2 timers gratis parkering i \
        hele bymidten, hurtigere svar på ansøgninger om skilte og udstilling på fortovet, og en \
        fast erhvervskonsulent for de mindre butikker."),
    a("supports_with_changes", "named", "Som medlem af Glostrup Handelsstandsforening støtter jeg \
        erhvervspolitikken, men punkt 4 skal gøres konkret. Vi ønsker to timers gratis parkering i \
        hele bymidten, hurtigere svar på ansøgninger om skilte og udstilling på fortovet og en \
        fast erhvervskonsulent for de mindre butikker."),
    a("supports_with_changes", "anonymous", "Som medlem af Glostrup Handelsstandsforening støtter \
        vi erhvervspolitikken, men punkt 4 skal gøres mere konkret. Vi ønsker to timers gratis \
        parkering i hele bymidten, hurtigere svar på ansøgninger om skilte og udstilling på \
        fortovet, og en fast erhvervskonsulent for de mindre butikker!"),
    a("supports_with_changes", "named", "Som medlem af Glostrup Handelsstandsforening støtter vi \
        erhvervspolitikken, men punkt 4 skal gøres konkret. Vi ønsker to timers gratis parkering i \
        hele bymidten, hurtigere svar på ansøgninger om skilte og udstilling på fortovet, og en \
        fast erhvervskonsulent for de mindre butikker i byen."),
    a("supports_with_changes", "named", "Vi har over 300 ansatte, og mange af dem pendler. \
        Politikken bør nævne bedre kollektiv trafik og cykelstier til erhvervsområderne, så det \
        bliver lettere at rekruttere lokalt."),
    a("supports", "named", "Vi støtter, at lokalplanerne åbner for handel og service i \
        lokalområderne. Vi anbefaler en enkel vejledning om facader og skilte, så små virksomheder \
        ikke skal betale rådgivere for at indrette en butik."),
    a("supports", "anonymous", "Vi ser gerne et tættere samarbejde med jobcentret om at hjælpe \
        ledige til lokale stillinger. Mange virksomheder i Glostrup mangler folk, mens lokale \
        ledige søger job langt væk."),
    a("neutral", "named", "Politikken nævner klima i budskabet, men ikke i indsatsområderne. Vi \
        foreslår, at kommunen inddrager lokale virksomheder i den grønne omstilling, f.eks. med \
        solceller på kommunens bygninger."),
    a("neutral", "named", "Vi har ingen holdning til politikken som helhed, men tilbyder at \
        formidle Kulturnatten og kommunens høringer til vores lyttere. Lokale medier bør nævnes, \
        når borgerne skal opfordres til at støtte lokale virksomheder."),
    a("neutral", "named", "Sparekassen tager politikken til efterretning. Vi stiller gerne op med \
        rådgivning om finansiering, hvis kommunen opretter et tilbud til iværksættere og nye \
        butikker."),
    a("supports_with_changes", "anonymous", "Vi vil gerne stille borde udenfor om sommeren, men \
        ansøgningen tog to måneder sidste år. Gør det lettere for små steder i lokalområderne at \
        få tilladelser."),
    a("opposes", "named", "Politikken fokuserer på butikker og kultur og glemmer de tunge erhverv. \
        Vejene i Tavleholm Nord er ikke bygget til den trafik, der er i dag, og det står der intet \
        om. Vi er imod politikken, indtil infrastrukturen i erhvervsområderne kommer med."),
    a("supports_with_changes", "named", "Handelsforeningen er glad for, at politikken vil styrke \
        handlen i lokalområderne. Vi ønsker gratis korttidsparkering ved butikkerne i Ejby, og at \
        Kulturnatten fra næste år også holdes i Ejby."),
    a("supports", "named", "Jobsamarbejdet støtter målet om at hjælpe lokale borgere til lokale \
        stillinger. Vi foreslår et fælles overblik over ledige praktikpladser og job hos \
        virksomhederne i kommunen."),
    a("supports", "named", "Vi bakker op og vil gerne være med i skolernes undervisning i \
        programmering og teknologiforståelse. Kommunen må gerne bruge os som sparringspartner, når \
        den leder efter digitale løsninger."),
    a("supports_with_changes", "named", "Vi er med i Erhvervsnetværket Vestvolden og bakker op om erhvervspolitikken. Vi beder kommunen \
        om at forbedre busforbindelsen til erhvervsområderne i Kirkebjerg og Tavleholm Nord, så \
        medarbejdere uden bil kan komme på arbejde til tiden, og om at samle al vejledning om \
        byggetilladelser og skilte ét sted på kommunens hjemmeside."),
    a("supports_with_changes", "named", "Kære kommunalbestyrelse. Vi er med i Erhvervsnetværket Vestvolden og bakker op om erhvervspolitikken. Vi beder kommunen \
        om at forbedre busforbindelsen til erhvervsområderne i Kirkebjerg og Tavleholm Nord, så \
        medarbejdere uden bil kan komme på arbejde til tiden, og om at samle al vejledning om \
        byggetilladelser og skilte ét sted på kommunens hjemmeside. Med venlig hilsen Tavleholm Autoservice"),
    a("supports_with_changes", "named", "Vi er med i Erhvervsnetværket Vestvolden og bakker op om erhvervspolitikken. Vi beder kommunen \
        om at forbedre busforbindelsen til erhvervsområderne i Kirkebjerg og Tavleholm Nord, så \
        medarbejdere uden bil kan komme på arbejde til tiden, også på skiftehold, og om at samle al vejledning om \
        byggetilladelser og skilte ét sted på kommunens hjemmeside."),
    a("supports_with_changes", "named", "Vi er med i Erhvervsnetværket Vestvolden og bakker op om erhvervspolitikken. Vi beder kommunen \
        om at forbedre busforbindelsen til erhvervsområderne i Kirkebjerg og Tavleholm Nord, så \
        medarbejdere uden bil kan komme på arbejde til tiden, og om at samle al vejledning om \
        byggetilladelser og skilte ét sted på kommunens hjemmeside. Venlig hilsen Kantinen på Nordre Ringvej"),
    a("supports_with_changes", "named", "Vi er med i Erhvervsnetværket Vestvolden og bakker op om erhvervspolitikken. Vi beder derfor kommunen \
        om at forbedre busforbindelsen til erhvervsområderne i Kirkebjerg og Tavleholm Nord, så \
        medarbejdere uden bil kan komme på arbejde til tiden, og om at samle al vejledning om \
        byggetilladelser og skilte på ét sted på kommunens hjemmeside."),
    a("supports_with_changes", "named", "Til Glostrup Kommune. Vi er med i Erhvervsnetværket Vestvolden og bakker op om erhvervspolitikken. Vi beder kommunen \
        om at forbedre busforbindelsen til erhvervsområderne i Kirkebjerg og Tavleholm Nord, så \
        medarbejdere uden bil kan komme på arbejde til tiden, og om at samle al vejledning om \
        byggetilladelser og skilte ét sted på kommunens hjemmeside. Med venlig hilsen Kirkebjerg Tegnestue"),
];

/// The particulars of a demo hearing beyond its text: areas, topics, and the
/// council meeting that decides it (a few weeks after the deadline).
#[derive(Debug, Clone, Copy)]
pub struct DemoParticulars {
    /// The demo hearing's key.
    pub key: &'static str,
    /// More local area codes (besides the hearing's `area`).
    pub more_areas: &'static [&'static str],
    /// Topic codes (from `topics.csv`).
    pub topics: &'static [&'static str],
    /// The council meeting, in days after the deadline, and its agenda title.
    pub council_meeting: Option<(i64, &'static str)>,
}

/// The demo hearings' fictitious contact: (name, e-mail address).
pub const CONTACT: (&str, &str) = ("Erhvervssekretariatet", "erhverv@glostrup.example");

/// The particulars of each demo hearing.
pub const PARTICULARS: &[DemoParticulars] = &[
    DemoParticulars {
        key: "lokalplan",
        more_areas: &[],
        topics: &["handel", "byudvikling", "trafik"],
        council_meeting: Some((
            28,
            "Kommunalbestyrelsens møde: Lokalplan 312 – endelig vedtagelse",
        )),
    },
    DemoParticulars {
        key: "policy",
        more_areas: &[],
        topics: &[
            "erhverv",
            "handel",
            "uddannelse",
            "beskaeftigelse",
            "kultur",
        ],
        council_meeting: Some((
            28,
            "Kommunalbestyrelsens møde: Erhvervspolitik 2026–2029 – godkendelse",
        )),
    },
    DemoParticulars {
        key: "kulturnat",
        more_areas: &["ejby", "sydvest", "hvissinge", "kirkebjerg"],
        topics: &["kultur", "erhverv"],
        council_meeting: None,
    },
    DemoParticulars {
        key: "pulse",
        more_areas: &[],
        topics: &["erhverv", "beskaeftigelse"],
        council_meeting: Some((
            21,
            "Kommunalbestyrelsens møde: Orientering om pulsmålingen blandt virksomhederne",
        )),
    },
];
