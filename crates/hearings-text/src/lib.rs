//! Text analysis of the free text of responses, with no I/O: no database,
//! HTTP, clock or randomness; every result depends only on its input.
//!
//! - [`terms`]: key terms of a set of texts (a question's answers, a theme's
//!   passages) against the whole hearing: words split and lowercased, Danish
//!   stop words dropped, Danish stems (Snowball, from `rust-stemmers`)
//!   weighted by tf-idf, each shown by its most frequent word.
//! - [`campaigns`]: near-identical texts (form letters, copy-paste with small
//!   edits) grouped by word shingles, MinHash and LSH banding, each candidate
//!   pair verified by the Jaccard similarity of its shingles, groups joined by
//!   union-find; the group's shared text is its most central member.
//!
//! This crate knows nothing of hearings, responses or who may read them: it
//! takes texts and returns indices into them.

pub mod campaigns;
pub mod terms;
mod tokens;

pub use campaigns::{Campaign, CampaignOptions, group, most_central};
pub use terms::{Corpus, KeyTerm, Stemmer, excerpt, key_terms};
pub use tokens::words;
