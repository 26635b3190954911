//! Campaigns: groups of near-identical texts, such as a form letter sent by
//! many organisations with small edits, an added greeting or another
//! signature.
//!
//! 1. Each text becomes the set of its word shingles (every run of
//!    [`CampaignOptions::shingle`] consecutive lowercased words, hashed).
//!    Texts of fewer than [`CampaignOptions::min_words`] words take no part:
//!    many short answers such as "Ingen bemærkninger" are alike without
//!    being a campaign.
//! 2. A MinHash signature of `bands × rows` values estimates the Jaccard
//!    similarity of two sets; LSH banding puts texts whose signatures agree
//!    on all rows of some band into one bucket, so only likely pairs are
//!    compared (the number of comparisons grows with the number of texts,
//!    not with its square).
//! 3. Each candidate pair is verified by the exact Jaccard similarity of its
//!    shingle sets against [`CampaignOptions::threshold`], and verified pairs
//!    are joined by union-find. Within a bucket a text is compared with at
//!    most eight earlier texts of different groups, so a bucket of thousands
//!    of copies costs thousands of comparisons, not millions.
//! 4. A group's central member is the one most similar on average to (a
//!    sample of at most 32 of) the others; its text is the group's shared
//!    text.
//!
//! Hashing is fixed (no random seeds), and ties go to the lowest index, so
//! the same texts in the same order always give the same groups.

/// How texts are compared.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CampaignOptions {
    /// Words per shingle.
    pub shingle: usize,
    /// LSH bands.
    pub bands: usize,
    /// MinHash values per band.
    pub rows: usize,
    /// The least Jaccard similarity of two texts' shingles to group them.
    pub threshold: f64,
    /// The fewest words a text must have to take part.
    pub min_words: usize,
}

impl Default for CampaignOptions {
    /// Three-word shingles; 20 bands of 3 rows (a pair at similarity 0.5 is
    /// a candidate with probability 0.93, at 0.7 with 0.9999, at 0.1 with
    /// 0.02); grouped at a similarity of 0.5 or more; texts of 10 words or
    /// more.
    fn default() -> Self {
        Self {
            shingle: 3,
            bands: 20,
            rows: 3,
            threshold: 0.5,
            min_words: 10,
        }
    }
}

/// A group of near-identical texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Campaign {
    /// The indices of its texts, ascending; at least two.
    pub members: Vec<usize>,
    /// The index of its most central text (one of `members`).
    pub central: usize,
}

/// A 64-bit mixer (the finaliser of SplitMix64).
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The hashes of the lowercased words of a text (FNV-1a over the lowercase
/// characters), without allocating a string per word.
fn word_hashes(text: &str) -> Vec<u64> {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut out = Vec::new();
    let mut h = OFFSET;
    let mut in_word = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            in_word = true;
            for l in c.to_lowercase() {
                h = (h ^ u64::from(u32::from(l))).wrapping_mul(PRIME);
            }
        } else if in_word {
            out.push(h);
            h = OFFSET;
            in_word = false;
        }
    }
    if in_word {
        out.push(h);
    }
    out
}

/// The sorted, distinct shingle hashes of a text (empty if it is too short).
fn shingles(text: &str, o: &CampaignOptions) -> Vec<u64> {
    let words = word_hashes(text);
    let k = o.shingle.max(1);
    if words.len() < o.min_words.max(k) {
        return Vec::new();
    }
    let mut out: Vec<u64> = words
        .windows(k)
        .map(|w| w.iter().fold(0u64, |acc, &x| mix(acc ^ x)))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The Jaccard similarity of two sorted, distinct sets.
fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut both) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                both += 1;
                i += 1;
                j += 1;
            }
        }
    }
    both as f64 / (a.len() + b.len() - both) as f64
}

/// Union-find with path halving; the root is always the lowest index.
struct Sets(Vec<usize>);

impl Sets {
    fn find(&mut self, mut x: usize) -> usize {
        while self.0[x] != x {
            self.0[x] = self.0[self.0[x]];
            x = self.0[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            let (lo, hi) = if a < b { (a, b) } else { (b, a) };
            self.0[hi] = lo;
        }
    }
}

/// The most central of a group's members: the highest mean similarity to a
/// sample of at most 32 members spread over the group; ties to the lowest.
fn central(members: &[usize], sets: &[Vec<u64>]) -> usize {
    let step = members.len().div_ceil(32).max(1);
    let sample: Vec<usize> = members.iter().copied().step_by(step).collect();
    let mut best = (f64::MIN, members.first().copied().unwrap_or_default());
    for &m in members {
        let total: f64 = sample
            .iter()
            .filter(|&&s| s != m)
            .map(|&s| jaccard(&sets[m], &sets[s]))
            .sum();
        if total > best.0 {
            best = (total, m);
        }
    }
    best.1
}

/// Groups the near-identical texts among `texts`. Returns the groups of two
/// or more, ordered by their first member.
pub fn group(texts: &[&str], o: &CampaignOptions) -> Vec<Campaign> {
    let sets: Vec<Vec<u64>> = texts.iter().map(|t| shingles(t, o)).collect();
    let (bands, rows) = (o.bands.max(1), o.rows.max(1));
    let seeds: Vec<u64> = (0..bands * rows).map(|i| mix(i as u64 + 1)).collect();
    let signatures: Vec<Option<Vec<u64>>> = sets
        .iter()
        .map(|s| {
            (!s.is_empty()).then(|| {
                seeds
                    .iter()
                    .map(|&seed| s.iter().map(|&x| mix(x ^ seed)).min().unwrap_or(u64::MAX))
                    .collect()
            })
        })
        .collect();
    let mut uf = Sets((0..texts.len()).collect());
    let mut keys: Vec<(u64, usize)> = Vec::with_capacity(texts.len());
    for b in 0..bands {
        keys.clear();
        for (i, sig) in signatures.iter().enumerate() {
            if let Some(sig) = sig {
                let band = sig.get(b * rows..(b + 1) * rows).unwrap_or_default();
                let key = band.iter().fold(mix(b as u64), |acc, &x| mix(acc ^ x));
                keys.push((key, i));
            }
        }
        keys.sort_unstable();
        for bucket in keys.chunk_by(|x, y| x.0 == y.0) {
            if bucket.len() < 2 {
                continue;
            }
            let mut leaders: Vec<usize> = Vec::new();
            for &(_, i) in bucket {
                let root = uf.find(i);
                let mut joined = false;
                for &l in &leaders {
                    if uf.find(l) == root {
                        joined = true;
                        break;
                    }
                }
                if !joined {
                    for &l in &leaders {
                        if jaccard(&sets[i], &sets[l]) >= o.threshold {
                            uf.union(i, l);
                            joined = true;
                            break;
                        }
                    }
                }
                if !joined && leaders.len() < 8 {
                    leaders.push(i);
                }
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for (i, sig) in signatures.iter().enumerate() {
        if sig.is_some() {
            let root = uf.find(i);
            groups.entry(root).or_default().push(i);
        }
    }
    groups
        .into_values()
        .filter(|m| m.len() >= 2)
        .map(|members| Campaign {
            central: central(&members, &sets),
            members,
        })
        .collect()
}

/// The most central of some texts (as [`group`] chooses a group's shared
/// text), e.g. after members were taken out of a group; `None` for none.
pub fn most_central(texts: &[&str], o: &CampaignOptions) -> Option<usize> {
    if texts.is_empty() {
        return None;
    }
    let sets: Vec<Vec<u64>> = texts.iter().map(|t| shingles(t, o)).collect();
    let members: Vec<usize> = (0..texts.len()).collect();
    Some(central(&members, &sets))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const LETTER: &str = "Vi er som erhvervsdrivende i Glostrup dybt bekymrede over forslaget om at \
        nedlægge parkeringspladserne på Stationsparkens nordside. Vores kunder kommer i bil, og \
        uden parkering tæt på butikkerne vil omsætningen falde. Vi opfordrer kommunalbestyrelsen \
        til at bevare mindst halvdelen af pladserne og til at udskyde beslutningen, indtil der \
        foreligger en trafikanalyse for hele bymidten.";

    fn variants() -> Vec<String> {
        vec![
            LETTER.to_string(),
            format!(
                "Kære kommunalbestyrelse. {LETTER} Med venlig hilsen Bageriet Hjørnet ApS, Hanne Holm"
            ),
            format!("{LETTER} Med venlig hilsen Cykelsmeden v/ Ole Olsen"),
            LETTER
                .replace("dybt bekymrede", "meget bekymrede")
                .replace("mindst halvdelen", "de fleste"),
            format!(
                "Til Glostrup Kommune\n\n{}\n\nVenlig hilsen\nFrisør Saks & Kam",
                LETTER.replace("falde", "falde markant")
            ),
        ]
    }

    fn others() -> Vec<String> {
        vec![
            "Vi støtter forslaget om nye cykelstier langs Hovedvejen, men beder om, at stierne bliver \
             brede nok til ladcykler, og at krydsene ved skolen sikres med lysregulering."
                .to_string(),
            "Som grundejerforening ønsker vi, at støjen fra byggepladsen begrænses til hverdage mellem \
             klokken syv og sytten, og at beboerne varsles skriftligt før hver ny etape."
                .to_string(),
            "Vi er som erhvervsdrivende i Glostrup glade for forslaget, fordi flere grønne områder i \
             bymidten gør det mere attraktivt at handle lokalt, også for familier med børn."
                .to_string(),
        ]
    }

    #[test]
    fn a_form_letter_with_small_edits_a_greeting_and_other_signatures_is_one_group() {
        let mut texts = others();
        texts.extend(variants());
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let groups = group(&refs, &CampaignOptions::default());
        assert_eq!(groups.len(), 1, "{groups:?}");
        assert_eq!(groups[0].members, vec![3, 4, 5, 6, 7]);
        assert!(groups[0].members.contains(&groups[0].central));
    }

    #[test]
    fn different_texts_stay_apart_even_when_they_share_an_opening() {
        let texts = others();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        assert!(group(&refs, &CampaignOptions::default()).is_empty());
    }

    #[test]
    fn short_identical_answers_are_no_campaign() {
        let refs = [
            "Ingen bemærkninger.",
            "Ingen bemærkninger.",
            "Ingen bemærkninger",
        ];
        assert!(group(&refs, &CampaignOptions::default()).is_empty());
    }

    #[test]
    fn two_form_letters_make_two_groups_and_the_result_is_deterministic() {
        let second = "Grundejerforeningen Vestervang protesterer mod planerne om at lukke stien \
            mellem Vestervang og skolen, fordi børnene så skal gå langs den trafikerede vej, hvor \
            der hverken er fortov eller cykelsti, og hvor bilerne kører stærkt om morgenen.";
        let mut texts = variants();
        texts.push(second.to_string());
        texts.push(format!("{second} Venlig hilsen Karen"));
        texts.push(second.replace("stærkt", "alt for stærkt"));
        texts.extend(others());
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let a = group(&refs, &CampaignOptions::default());
        let b = group(&refs, &CampaignOptions::default());
        assert_eq!(a, b);
        assert_eq!(a.len(), 2, "{a:?}");
        assert_eq!(a[0].members, vec![0, 1, 2, 3, 4]);
        assert_eq!(a[1].members, vec![5, 6, 7]);
    }

    #[test]
    fn the_central_member_is_the_plain_letter_of_a_group() {
        let texts = variants();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let g = group(&refs, &CampaignOptions::default());
        assert_eq!(
            g[0].central, 0,
            "the unedited letter is closest to all the edits"
        );
        assert_eq!(most_central(&refs, &CampaignOptions::default()), Some(0));
        assert_eq!(most_central(&[], &CampaignOptions::default()), None);
    }

    #[test]
    fn jaccard_of_sets() {
        assert_eq!(jaccard(&[1, 2, 3], &[2, 3, 4]), 0.5);
        assert_eq!(jaccard(&[], &[1]), 0.0);
    }

    proptest! {
        #[test]
        fn grouping_never_panics_and_every_member_is_an_index(texts in proptest::collection::vec(".{0,120}", 0..12)) {
            let mut all = texts.clone();
            all.extend(texts.iter().map(|t| format!("{t} {t}")));
            let refs: Vec<&str> = all.iter().map(String::as_str).collect();
            for g in group(&refs, &CampaignOptions::default()) {
                prop_assert!(g.members.len() >= 2);
                prop_assert!(g.members.iter().all(|&m| m < refs.len()));
                prop_assert!(g.members.contains(&g.central));
            }
            let odd = CampaignOptions { shingle: 0, bands: 0, rows: 0, threshold: 0.0, min_words: 0 };
            let _ = group(&refs, &odd);
        }
    }
}
