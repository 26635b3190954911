//! Splitting a text into words.

/// The words of a text, lowercased: runs of letters and digits (Danish
/// letters included). Punctuation, spaces and symbols separate words.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    raw_words(text).map(str::to_lowercase)
}

/// The words of a text as they stand, not lowercased.
pub(crate) fn raw_words(text: &str) -> impl Iterator<Item = &str> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_split_on_punctuation_and_lowercased() {
        let w: Vec<String> = words("Høringssvar: Vi ØNSKER flere p-pladser, 20 stk.!").collect();
        assert_eq!(
            w,
            [
                "høringssvar",
                "vi",
                "ønsker",
                "flere",
                "p",
                "pladser",
                "20",
                "stk"
            ]
        );
    }
}
