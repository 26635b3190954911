//! Key terms: the words that set a set of texts apart within a hearing.
//!
//! Each text is split into words ([`crate::words`]), Danish stop words and
//! words shorter than three letters or made of digits are dropped, and the
//! rest are reduced to their Danish stem (Snowball), so "parkering",
//! "parkeringen" and "parkeringer" count as one term. A term's weight is
//! tf-idf: how often it occurs in the subset, times `ln(1 + N / df)`, where
//! `N` is the number of texts of the whole hearing and `df` the number of
//! them that use the term; a word every response uses ("kommune",
//! "Glostrup") weighs less than one that only this question's answers use.
//! Each term is shown by its most frequent word in the subset.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::tokens::{raw_words, words};

/// Danish stop words: Snowball's list, and a few more that say nothing in a
/// response ("kan", "samt", "vores" …).
const STOP_WORDS: &[&str] = &[
    "ad", "af", "alle", "alt", "anden", "at", "blev", "blive", "bliver", "da", "de", "dem", "den",
    "denne", "der", "deres", "det", "dette", "dig", "din", "disse", "dog", "du", "efter", "eller",
    "en", "end", "er", "et", "for", "fra", "ham", "han", "hans", "har", "havde", "have", "hende",
    "hendes", "her", "hos", "hun", "hvad", "hvis", "hvor", "i", "ikke", "ind", "jeg", "jer", "jo",
    "kunne", "man", "mange", "med", "meget", "men", "mig", "min", "mine", "mit", "mod", "ned",
    "noget", "nogle", "nu", "når", "og", "også", "om", "op", "os", "over", "på", "selv", "sig",
    "sin", "sine", "sit", "skal", "skulle", "som", "sådan", "thi", "til", "ud", "under", "var",
    "vi", "vil", "ville", "vor", "være", "været", "kan", "så", "ved", "samt", "vores", "jeres",
    "hermed", "vedr", "dvs", "ca", "mere", "mest", "kun", "eks", "evt", "bl", "mv", "kr", "ja",
    "nej", "gerne", "bare", "helt", "godt", "igen", "allerede", "andre", "andet", "både", "hver",
    "hvordan", "hvorfor", "hvilke", "hvilken", "idet", "ingen", "intet", "nogen", "sammen", "uden",
    "mellem", "omkring", "fordi", "blot", "derfor", "dermed", "desuden", "heller", "dag", "års",
    "via", "får", "fået", "tage", "gøre", "gør", "giver", "give", "venlig", "hilsen", "the", "and",
    "of", "to", "in", "is", "for",
];

/// A Danish stemmer (Snowball).
pub struct Stemmer(rust_stemmers::Stemmer);

impl Default for Stemmer {
    fn default() -> Self {
        Self::danish()
    }
}

impl Stemmer {
    /// The Danish Snowball stemmer.
    pub fn danish() -> Self {
        Self(rust_stemmers::Stemmer::create(
            rust_stemmers::Algorithm::Danish,
        ))
    }

    /// The stem of a word, lowercased first.
    pub fn stem(&self, word: &str) -> String {
        self.0.stem(&word.to_lowercase()).into_owned()
    }

    /// The stem of a term as a user gives it (a word, or a stem shown
    /// earlier): trimmed, lowercased and stemmed; `None` if it is no word.
    pub fn term(&self, raw: &str) -> Option<String> {
        let w = words(raw).next()?;
        Some(self.stem(&w))
    }

    /// Whether a text uses a word with this stem.
    pub fn uses(&self, text: &str, stem: &str) -> bool {
        words(text).any(|w| self.stem(&w) == stem)
    }
}

fn is_content(w: &str) -> bool {
    w.chars().count() >= 3 && !w.chars().all(|c| c.is_numeric()) && !STOP_WORDS.contains(&w)
}

/// A suggested key term.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyTerm {
    /// The stem, which identifies the term.
    pub stem: String,
    /// The word it is shown by: its most frequent form in the subset.
    pub word: String,
    /// How many texts of the subset use it.
    pub texts: usize,
    /// How often it occurs in the subset.
    pub occurrences: usize,
    /// Its weight (tf-idf); higher is more distinctive.
    pub score: f64,
}

/// The key terms of `subset` within `whole` (the hearing's texts, which
/// should include the subset), best first, at most `limit`. With five texts
/// or more in the subset, a term must be used by at least two of them.
/// Ties are broken by the stem, so the result depends only on the input.
/// For several subsets of the same texts, [`Corpus`] measures the weights
/// once.
pub fn key_terms(stemmer: &Stemmer, subset: &[&str], whole: &[&str], limit: usize) -> Vec<KeyTerm> {
    Corpus::new(stemmer, whole).key_terms(subset, limit)
}

/// A hearing's texts as key terms are weighed against them: how many texts
/// use each term, and each distinct word's stem (or that it is no term).
/// Built with one pass over the texts, then asked for the key terms of any
/// number of subsets, so the terms of every question of a hearing take two
/// passes over its texts, not one per question and one more. Each distinct
/// word is lowercased, checked and stemmed once; after that a word is one
/// lookup, and terms and words are counted by number, not by text.
pub struct Corpus<'s> {
    stemmer: &'s Stemmer,
    texts: usize,
    /// Each distinct word (lowercased) seen so far.
    words: HashMap<String, Word>,
    /// The words, by [`Word::form`].
    forms: Vec<String>,
    /// The number of each stem.
    terms: HashMap<String, usize>,
    /// The stems, by number.
    stems: Vec<String>,
    /// How many texts of the whole use each term, by number.
    df: Vec<usize>,
}

/// A distinct word: its number, and its term's number unless it is a stop
/// word, a short word or a number.
#[derive(Clone, Copy)]
struct Word {
    form: usize,
    term: Option<usize>,
}

impl<'s> Corpus<'s> {
    /// Measures `whole`, the hearing's texts.
    pub fn new(stemmer: &'s Stemmer, whole: &[&str]) -> Self {
        let mut corpus = Self {
            stemmer,
            texts: whole.len(),
            words: HashMap::new(),
            forms: Vec::new(),
            terms: HashMap::new(),
            stems: Vec::new(),
            df: Vec::new(),
        };
        // The last text (counted from one) that used each term.
        let mut last: Vec<usize> = Vec::new();
        for (i, text) in whole.iter().enumerate() {
            for raw in raw_words(text) {
                let Some(t) = corpus.word(raw).term else {
                    continue;
                };
                if last.len() <= t {
                    last.resize(t + 1, 0);
                }
                if last[t] != i + 1 {
                    last[t] = i + 1;
                    corpus.df[t] += 1;
                }
            }
        }
        corpus
    }

    /// The numbers of a word as it stands in a text.
    fn word(&mut self, raw: &str) -> Word {
        let lower: Cow<'_, str> = if is_lowercase(raw) {
            Cow::Borrowed(raw)
        } else {
            Cow::Owned(raw.to_lowercase())
        };
        if let Some(w) = self.words.get(lower.as_ref()) {
            return *w;
        }
        let term = is_content(&lower).then(|| {
            let stem = self.stemmer.stem(&lower);
            match self.terms.get(&stem) {
                Some(&t) => t,
                None => {
                    let t = self.stems.len();
                    self.terms.insert(stem.clone(), t);
                    self.stems.push(stem);
                    self.df.push(0);
                    t
                }
            }
        });
        let word = Word {
            form: self.forms.len(),
            term,
        };
        let lower = lower.into_owned();
        self.forms.push(lower.clone());
        self.words.insert(lower, word);
        word
    }

    /// The key terms of `subset` (texts of the hearing), as [`key_terms`]
    /// gives them.
    pub fn key_terms(&mut self, subset: &[&str], limit: usize) -> Vec<KeyTerm> {
        #[derive(Default)]
        struct Acc {
            texts: usize,
            occurrences: usize,
            /// The last text (counted from one) that used the term.
            last: usize,
            /// How often each word of the term occurs: (its number, count).
            forms: Vec<(usize, usize)>,
        }
        // By the term's number: terms are numbered densely from zero.
        let mut acc: Vec<Acc> = Vec::new();
        for (i, text) in subset.iter().enumerate() {
            for raw in raw_words(text) {
                let w = self.word(raw);
                let Some(t) = w.term else {
                    continue;
                };
                if acc.len() <= t {
                    acc.resize_with(t + 1, Acc::default);
                }
                let a = &mut acc[t];
                a.occurrences += 1;
                if a.last != i + 1 {
                    a.last = i + 1;
                    a.texts += 1;
                }
                match a.forms.iter_mut().find(|(f, _)| *f == w.form) {
                    Some((_, count)) => *count += 1,
                    None => a.forms.push((w.form, 1)),
                }
            }
        }
        let n = self.texts.max(subset.len()).max(1) as f64;
        let min_texts = if subset.len() >= 5 { 2 } else { 1 };
        let mut out: Vec<KeyTerm> = acc
            .into_iter()
            .enumerate()
            .filter(|(_, a)| a.texts >= min_texts)
            .map(|(t, a)| {
                let stem = self.stems.get(t).cloned().unwrap_or_default();
                let d = self.df.get(t).copied().unwrap_or(0).max(a.texts).max(1) as f64;
                let score = a.occurrences as f64 * (1.0 + n / d).ln();
                let form = |f: usize| self.forms.get(f).map_or("", String::as_str);
                let word = a
                    .forms
                    .into_iter()
                    .map(|(f, count)| (form(f), count))
                    .max_by(|x, y| {
                        x.1.cmp(&y.1)
                            .then_with(|| y.0.chars().count().cmp(&x.0.chars().count()))
                            .then_with(|| y.0.cmp(x.0))
                    })
                    .map_or_else(|| stem.clone(), |(w, _)| w.to_string());
                KeyTerm {
                    stem,
                    word,
                    texts: a.texts,
                    occurrences: a.occurrences,
                    score,
                }
            })
            .collect();
        out.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.stem.cmp(&b.stem))
        });
        out.truncate(limit);
        out
    }
}

/// Whether lowercasing would leave a word as it is.
fn is_lowercase(w: &str) -> bool {
    w.chars().all(|c| {
        if c.is_ascii() {
            return !c.is_ascii_uppercase();
        }
        let mut l = c.to_lowercase();
        l.next() == Some(c) && l.next().is_none()
    })
}

/// A short passage of `text` around the first word with this stem: up to
/// `around` words either side, with "…" where text was left out. `None` if
/// no word of the text has the stem.
pub fn excerpt(stemmer: &Stemmer, text: &str, stem: &str, around: usize) -> Option<String> {
    let spans: Vec<(usize, usize)> = spans(text);
    let hit = spans
        .iter()
        .position(|&(a, b)| text.get(a..b).is_some_and(|w| stemmer.stem(w) == stem))?;
    let first = hit.saturating_sub(around);
    let last = (hit + around).min(spans.len().saturating_sub(1));
    let start = spans.get(first).map_or(0, |s| s.0);
    let end = spans.get(last).map_or(text.len(), |s| s.1);
    let mut out = String::new();
    if first > 0 {
        out.push('…');
    }
    out.push_str(text.get(start..end).unwrap_or_default());
    if last + 1 < spans.len() {
        out.push('…');
    }
    Some(out)
}

/// The byte ranges of the words of a text.
fn spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fixture() -> Vec<&'static str> {
        vec![
            "Vi mangler parkering ved stationen. Parkeringen er allerede fyldt om morgenen.",
            "Parkeringspladserne forsvinder, og vores kunder kan ikke parkere. Der skal være flere parkeringer.",
            "Parkering er afgørende for butikkerne i bymidten.",
            "Kommunen bør tænke på cyklister: cykelstier langs Hovedvejen.",
            "Vi støtter forslaget, men cykelstien skal være bredere.",
            "Støjen fra byggeriet generer vores ansatte.",
        ]
    }

    #[test]
    fn inflections_of_a_word_are_one_term_shown_by_its_most_frequent_form() {
        let s = Stemmer::danish();
        let texts = fixture();
        let terms = key_terms(&s, &texts[..3], &texts, 5);
        let first = &terms[0];
        assert_eq!(first.word, "parkering", "{terms:?}");
        assert_eq!(first.texts, 3);
        assert!(first.occurrences >= 4, "{first:?}");
        assert_eq!(s.stem("parkeringen"), s.stem("parkering"));
        assert_eq!(s.stem("høringerne"), "høring");
    }

    #[test]
    fn stop_words_and_numbers_are_never_terms() {
        let s = Stemmer::danish();
        let texts = [
            "Vi er ikke og der er 2026 og det skal være sådan",
            "og i at",
        ];
        let terms = key_terms(&s, &texts, &texts, 10);
        assert!(terms.is_empty(), "{terms:?}");
    }

    #[test]
    fn a_word_the_whole_hearing_uses_weighs_less_than_one_only_the_subset_uses() {
        let s = Stemmer::danish();
        let whole = [
            "Glostrup cykelsti trafik",
            "Glostrup cykelsti skole",
            "Glostrup butik",
            "Glostrup bolig",
            "Glostrup erhverv",
        ];
        let terms = key_terms(&s, &whole[..2], &whole, 5);
        assert_eq!(terms[0].word, "cykelsti", "{terms:?}");
        let glostrup = terms.iter().find(|t| t.word == "glostrup").unwrap();
        assert!(glostrup.score < terms[0].score);
    }

    #[test]
    fn the_same_input_gives_the_same_terms_in_the_same_order() {
        let s = Stemmer::danish();
        let texts = fixture();
        assert_eq!(
            key_terms(&s, &texts, &texts, 20),
            key_terms(&s, &texts, &texts, 20)
        );
    }

    #[test]
    fn a_corpus_gives_each_subset_the_terms_key_terms_gives_it_in_any_order() {
        let s = Stemmer::danish();
        let texts = fixture();
        let subsets: [&[&str]; 4] = [&texts[..3], &texts[3..5], &texts[5..], &texts];
        let alone: Vec<_> = subsets
            .iter()
            .map(|x| key_terms(&s, x, &texts, 5))
            .collect();
        let mut corpus = Corpus::new(&s, &texts);
        let forward: Vec<_> = subsets.iter().map(|x| corpus.key_terms(x, 5)).collect();
        let mut corpus = Corpus::new(&s, &texts);
        let mut backward: Vec<_> = subsets
            .iter()
            .rev()
            .map(|x| corpus.key_terms(x, 5))
            .collect();
        backward.reverse();
        assert_eq!(forward, alone);
        assert_eq!(backward, alone);
        assert_eq!(alone[1][0].stem, "cykelsti", "{:?}", alone[1]);
        assert!(
            alone[2].iter().any(|t| t.word == "støjen"),
            "{:?}",
            alone[2]
        );
        assert!(
            !alone[2].iter().any(|t| t.word == "cykelsti"),
            "{:?}",
            alone[2]
        );
    }

    #[test]
    fn a_word_in_capitals_is_the_same_term_as_in_small_letters() {
        let s = Stemmer::danish();
        let texts = [
            "Parkering PARKERING parkering",
            "ØNSKER ønsker Ønsker ǅamija",
        ];
        let terms = key_terms(&s, &texts, &texts, 10);
        let find = |w: &str| terms.iter().find(|t| t.word == w).cloned();
        assert_eq!(
            find("parkering").map(|t| t.occurrences),
            Some(3),
            "{terms:?}"
        );
        assert_eq!(find("ønsker").map(|t| t.occurrences), Some(3), "{terms:?}");
        assert!(
            find("ǆamija").is_some(),
            "a title-case letter is lowercased: {terms:?}"
        );
        assert_eq!(terms.len(), 3, "{terms:?}");
    }

    #[test]
    fn an_excerpt_shows_the_word_in_its_context() {
        let s = Stemmer::danish();
        let text = "Vi mener at parkeringen ved stationen er for lille til pendlerne";
        let stem = s.term("Parkering").unwrap();
        assert_eq!(
            excerpt(&s, text, &stem, 2).as_deref(),
            Some("…mener at parkeringen ved stationen…")
        );
        assert_eq!(excerpt(&s, text, &s.stem("cykel"), 2), None);
        assert!(s.uses(text, &stem));
        assert!(!s.uses(text, &s.stem("cykel")));
        assert_eq!(s.term("  !! "), None);
    }

    proptest! {
        #[test]
        fn key_terms_and_excerpts_never_panic(texts in proptest::collection::vec(".{0,200}", 0..8), word in ".{0,20}") {
            let s = Stemmer::danish();
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let half = refs.len() / 2;
            let _ = key_terms(&s, &refs[..half], &refs, 10);
            let _ = key_terms(&s, &refs, &[], 10);
            if let Some(stem) = s.term(&word) {
                for t in &refs {
                    let _ = excerpt(&s, t, &stem, 3);
                }
            }
        }
    }
}
