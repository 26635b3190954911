//! Campaign grouping over 100,000 generated free-text responses: a few form
//! letters sent many times with small edits, greetings and signatures,
//! mixed with many distinct texts. Prints the time of `group` and how well
//! the generated campaigns were found.
//!
//! `cargo bench -p hearings-text --bench campaigns` (release build). Set
//! `HEARINGS_BENCH_TEXTS` for another number of texts.

use std::time::Instant;

use hearings_text::{CampaignOptions, group};

mod common;
use common::Rng;

const SYLLABLES: &[&str] = &[
    "ba", "de", "fi", "go", "hu", "ky", "læ", "mø", "nå", "pe", "ri", "so", "ta", "ve", "ster",
    "ning", "hed", "skab", "lig", "ende", "sk", "kom", "mune", "plan", "vej", "by", "hus", "park",
];

fn vocabulary(rng: &mut Rng, n: usize) -> Vec<String> {
    (0..n)
        .map(|_| {
            let len = 1 + rng.below(3);
            (0..len)
                .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
                .collect()
        })
        .collect()
}

fn sentence(rng: &mut Rng, vocab: &[String], words: usize) -> Vec<String> {
    // Zipf-like: common words are drawn more often, as in real text.
    (0..words)
        .map(|_| {
            let r = rng.below(vocab.len());
            vocab[r * rng.below(vocab.len()) / vocab.len()].clone()
        })
        .collect()
}

fn main() {
    let n = common::size();
    let mut rng = Rng(0x2026_1202);
    let vocab = vocabulary(&mut rng, 5_000);
    let letters: Vec<Vec<String>> = (0..5)
        .map(|_| {
            let len = 80 + rng.below(120);
            sentence(&mut rng, &vocab, len)
        })
        .collect();
    // A tenth of the texts are copies of the five letters.
    let mut texts = Vec::with_capacity(n);
    let mut truth = Vec::with_capacity(n);
    for i in 0..n {
        if i % 10 == 0 {
            let which = rng.below(letters.len());
            let mut words = letters[which].clone();
            for _ in 0..rng.below(4) {
                let at = rng.below(words.len());
                words[at] = vocab[rng.below(vocab.len())].clone();
            }
            let mut text = String::new();
            if rng.below(2) == 0 {
                text.push_str("Kære kommunalbestyrelse. ");
            }
            text.push_str(&words.join(" "));
            text.push_str(&format!(
                ". Med venlig hilsen {} {} ApS",
                vocab[rng.below(vocab.len())],
                vocab[rng.below(vocab.len())]
            ));
            texts.push(text);
            truth.push(Some(which));
        } else {
            let len = 15 + rng.below(250);
            texts.push(sentence(&mut rng, &vocab, len).join(" "));
            truth.push(None);
        }
    }
    let words: usize = texts.iter().map(|t| t.split(' ').count()).sum();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let started = Instant::now();
    let groups = group(&refs, &CampaignOptions::default());
    let took = started.elapsed();
    let copies = truth.iter().filter(|t| t.is_some()).count();
    let grouped_copies: usize = groups
        .iter()
        .flat_map(|g| &g.members)
        .filter(|&&m| truth[m].is_some())
        .count();
    let stray: usize = groups
        .iter()
        .flat_map(|g| &g.members)
        .filter(|&&m| truth[m].is_none())
        .count();
    println!(
        "campaigns: {n} texts ({words} words), {} groups, {grouped_copies} of {copies} form-letter copies grouped, {stray} distinct texts grouped, in {:.2} s",
        groups.len(),
        took.as_secs_f64()
    );
}
