//! Key terms of every text question of a hearing with 100,000 responses,
//! each answering three text questions (300,000 texts): Danish words with
//! their inflections, stop words and rarer words, drawn Zipf-like. Prints
//! the time of the key terms of the three questions computed one by one
//! (`key_terms`, each measuring the weights against the whole hearing
//! again), and with the hearing's weights computed once (`Corpus`), as the
//! analysis page does; the two must give the same terms. Then the time of
//! the drill-down: the answers that use a term, with their passages.
//!
//! `cargo bench -p hearings-text --bench key_terms` (release build). Set
//! `HEARINGS_BENCH_TEXTS` for another number of responses.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::time::Instant;

use hearings_text::{Corpus, Stemmer, excerpt, key_terms};

mod common;
use common::Rng;

/// Danish words with some of their inflections, and stop words.
const WORDS: &[&str] = &[
    "og",
    "at",
    "det",
    "er",
    "ikke",
    "vi",
    "på",
    "til",
    "med",
    "for",
    "som",
    "der",
    "kan",
    "vil",
    "skal",
    "vores",
    "parkering",
    "parkeringen",
    "parkeringspladser",
    "trafik",
    "trafikken",
    "cykelsti",
    "cykelstier",
    "cykelstien",
    "butik",
    "butikker",
    "butikkerne",
    "erhverv",
    "erhvervslivet",
    "virksomhed",
    "virksomheder",
    "virksomhederne",
    "lokalplan",
    "lokalplanen",
    "bymidten",
    "støj",
    "støjen",
    "byggeri",
    "byggeriet",
    "kunder",
    "kunderne",
    "ansatte",
    "medarbejdere",
    "udvikling",
    "udviklingen",
    "arbejdspladser",
    "kommunen",
    "forslaget",
    "høring",
    "høringen",
    "grønne",
    "områder",
    "området",
    "boliger",
    "bolig",
    "skole",
    "skolen",
    "stationen",
    "letbanen",
    "vejen",
    "veje",
    "omkostninger",
    "afgifter",
    "gebyrer",
    "tilladelse",
    "tilladelser",
    "sagsbehandling",
    "sagsbehandlingen",
    "service",
    "dialog",
    "samarbejde",
];

fn main() {
    let n = common::size();
    let mut rng = Rng(0x2026_1203);
    // Rare words too, as real answers have: names, places, typos.
    let rare: Vec<String> = (0..20_000)
        .map(|i| format!("{}{}", WORDS[i % WORDS.len()], i))
        .collect();
    let questions = 3;
    let mut answers: Vec<Vec<String>> = (0..questions).map(|_| Vec::with_capacity(n)).collect();
    for i in 0..n {
        for (q, out) in answers.iter_mut().enumerate() {
            let len = 10 + rng.below(60);
            let text: Vec<&str> = (0..len)
                .map(|_| {
                    if rng.below(10) == 0 {
                        rare[rng.below(rare.len())].as_str()
                    } else {
                        // Zipf-like, and each question leans on its own words.
                        let r = rng.below(WORDS.len());
                        let w = r * rng.below(WORDS.len()) / WORDS.len();
                        WORDS[(w + q * 20 * (i % 2)) % WORDS.len()]
                    }
                })
                .collect();
            out.push(text.join(" "));
        }
    }
    let subsets: Vec<Vec<&str>> = answers
        .iter()
        .map(|a| a.iter().map(String::as_str).collect())
        .collect();
    let whole: Vec<&str> = subsets.iter().flatten().copied().collect();
    let words: usize = whole.iter().map(|t| t.split(' ').count()).sum();
    let stemmer = Stemmer::danish();

    let started = Instant::now();
    let one_by_one: Vec<_> = subsets
        .iter()
        .map(|s| key_terms(&stemmer, s, &whole, 12))
        .collect();
    let separately = started.elapsed();

    let started = Instant::now();
    let mut corpus = Corpus::new(&stemmer, &whole);
    let at_once: Vec<_> = subsets.iter().map(|s| corpus.key_terms(s, 12)).collect();
    let together = started.elapsed();

    assert_eq!(one_by_one, at_once, "the same terms either way");
    // A digest of every term and its figures, to compare implementations.
    let mut digest = DefaultHasher::new();
    for t in at_once.iter().flatten() {
        (&t.stem, &t.word, t.texts, t.occurrences, t.score.to_bits()).hash(&mut digest);
    }
    // The drill-down: the answers to the first question that use a term,
    // each with the passage around it; for its first key term, and for a
    // rare word, which makes every word of every answer be looked at.
    let common = at_once[0].first().map(|t| t.stem.clone());
    let rare = stemmer.term(&rare[100]);
    for stem in [common, rare].into_iter().flatten() {
        let started = Instant::now();
        let passages: Vec<String> = subsets[0]
            .iter()
            .filter_map(|t| excerpt(&stemmer, t, &stem, 8))
            .collect();
        println!(
            "drill-down: {} of {n} answers use \"{stem}\", found with their passages in {:.2} s",
            passages.len(),
            started.elapsed().as_secs_f64()
        );
    }
    println!(
        "key terms: {n} responses, {} texts ({words} words), {questions} questions: one by one {:.2} s, with the weights once {:.2} s; digest {:016x}; first terms: {}",
        whole.len(),
        separately.as_secs_f64(),
        together.as_secs_f64(),
        digest.finish(),
        at_once
            .iter()
            .map(|t| t.first().map_or("-", |t| t.word.as_str()))
            .collect::<Vec<_>>()
            .join(", ")
    );
}
