//! Recurring causes (KGS ch. 5 분석, Mungyeong 5.1 원인 분석): per period, what grew most against
//! the period before it (categories, facilities, the causes named for staff), and the words and
//! two-word phrases the complaints repeat, with how often they appeared before.
//!
//! Korean is counted without a dictionary: a text is cut into runs of Hangul or Latin letters,
//! a trailing particle or polite verb ending is taken off (`화장실이` → `화장실`, `불친절합니다`
//! → `불친절`) when two letters or more remain, and what is left is a word if it has two
//! letters or more and is not a stop-word. Two words side by side in the same sentence are a
//! phrase. Tokens with digits or `@` are dropped whole, so that phone numbers, e-mail addresses
//! and receipt numbers never become terms. Each text counts a term once.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate};

use super::{FieldError, FieldErrors};

/// Most entries a riser table or a term list shows.
pub const TOP: usize = 10;
/// Most texts read per period (the newest); the trend compares shares of the texts read.
pub const TEXTS_READ: i64 = 5_000;
/// Most categories that get their own term lists, beside the list of all complaints.
pub const CATEGORIES_SHOWN: usize = 6;
/// Fewest texts a term must appear in to be listed.
pub const MIN_TEXTS: usize = 2;
/// Longest stop-word, in characters.
pub const STOP_WORD_MAX_CHARS: usize = 20;
/// Most stop-words kept.
pub const STOP_WORDS_MAX: usize = 300;

/// Endings taken off a word, longest first: particles (조사) and the commonest polite verb
/// endings after 하다/이다.
const ENDINGS: &[&str] = &[
    "했었습니다",
    "해주십시오",
    "하겠습니다",
    "했습니다",
    "합니다만",
    "해주세요",
    "되었습니다",
    "됐습니다",
    "됩니다",
    "합니다",
    "입니다",
    "습니다",
    "했어요",
    "이에요",
    "에서는",
    "으로는",
    "에게서",
    "이라고",
    "이라는",
    "한테",
    "해요",
    "하는",
    "하고",
    "해서",
    "하여",
    "하게",
    "했다",
    "한다",
    "하다",
    "하지",
    "되어",
    "되는",
    "된다",
    "에서",
    "에게",
    "으로",
    "부터",
    "까지",
    "처럼",
    "보다",
    "이나",
    "이랑",
    "예요",
    "이고",
    "라고",
    "은",
    "는",
    "이",
    "가",
    "을",
    "를",
    "에",
    "의",
    "도",
    "로",
    "와",
    "과",
    "만",
    "요",
];

/// The period the trend compares with: as many whole calendar months just before when
/// `from..=to` is whole months (a month, a quarter, a half, a year), else as many days.
pub fn previous_period(from: NaiveDate, to: NaiveDate) -> (NaiveDate, NaiveDate) {
    let before_to = from.pred_opt().unwrap_or(from);
    let whole_months = from.day() == 1 && to.succ_opt().is_none_or(|next| next.day() == 1);
    if whole_months {
        let months = (to.year() - from.year()) * 12 + i32::try_from(to.month()).unwrap_or(1)
            - i32::try_from(from.month()).unwrap_or(1)
            + 1;
        let back = chrono::Months::new(u32::try_from(months).unwrap_or(1));
        return (from.checked_sub_months(back).unwrap_or(from), before_to);
    }
    let days = u64::try_from((to - from).num_days()).unwrap_or(0);
    (before_to.checked_sub_days(chrono::Days::new(days)).unwrap_or(before_to), before_to)
}

/// The stop-words in force (migration 0045 seeds a new installation's): each a word as [`word_of`] yields it, at most
/// [`STOP_WORD_MAX_CHARS`] characters, at most [`STOP_WORDS_MAX`] of them, duplicates dropped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StopWords(BTreeSet<String>);

impl StopWords {
    /// Parses the words as an administrator typed them (separated by spaces, commas, line
    /// breaks or any control character); a word too long or too many are refused.
    pub fn parse(text: &str) -> Result<Self, FieldErrors> {
        let mut errs = FieldErrors::default();
        let mut words = BTreeSet::new();
        for w in text.split(|c: char| c.is_whitespace() || c.is_control() || c == ',').filter(|w| !w.is_empty()) {
            if w.chars().count() > STOP_WORD_MAX_CHARS {
                errs.add("stop_words", FieldError::TooLong { max: STOP_WORD_MAX_CHARS });
                return Err(errs);
            }
            words.insert(w.to_lowercase());
        }
        if words.len() > STOP_WORDS_MAX {
            errs.add("stop_words", FieldError::TooManyStopWords { max: STOP_WORDS_MAX });
            return Err(errs);
        }
        Ok(Self(words))
    }

    /// The words as stored; trusted, so nothing is refused.
    pub fn from_stored(words: impl IntoIterator<Item = String>) -> Self {
        Self(words.into_iter().collect())
    }

    /// Whether a raw token or the word made of it is a stop-word.
    fn stops(&self, raw: &str, word: &str) -> bool {
        self.0.contains(raw) || self.0.contains(word)
    }

    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }
}

fn is_hangul(c: char) -> bool {
    matches!(c, '\u{AC00}'..='\u{D7A3}')
}

/// The word a token stands for: lower-cased, its ending taken off while two letters or more
/// remain; `None` for a token of one letter.
pub fn word_of(token: &str) -> Option<String> {
    let token = token.to_lowercase();
    let mut word = token.as_str();
    if word.chars().any(is_hangul)
        && let Some(stem) = ENDINGS.iter().find_map(|e| word.strip_suffix(e)).filter(|s| s.chars().count() >= 2)
    {
        word = stem;
    }
    (word.chars().count() >= 2).then(|| word.to_owned())
}

/// The words of a text in order, a `None` where a sentence ends or something was dropped, so
/// that phrases do not span it.
fn words_of(text: &str, stop: &StopWords) -> Vec<Option<String>> {
    let mut out = Vec::new();
    for chunk in text.split(|c: char| c.is_whitespace()) {
        // A token with a digit or `@` is personal data or a number: dropped, and a break.
        if chunk.chars().any(|c| c.is_ascii_digit() || c == '@') {
            out.push(None);
            continue;
        }
        let mut run = String::new();
        let flush = |run: &mut String, out: &mut Vec<Option<String>>, ends: bool| {
            if !run.is_empty() {
                out.push(word_of(run).filter(|w| !stop.stops(&run.to_lowercase(), w)));
                run.clear();
            }
            if ends {
                out.push(None);
            }
        };
        for c in chunk.chars() {
            if is_hangul(c) || c.is_ascii_alphabetic() {
                run.push(c);
            } else {
                // Punctuation ends a sentence or a clause.
                flush(&mut run, &mut out, true);
            }
        }
        flush(&mut run, &mut out, false);
    }
    out
}

/// The distinct words and two-word phrases of one text.
pub fn terms_of(text: &str, stop: &StopWords) -> (BTreeSet<String>, BTreeSet<String>) {
    let words = words_of(text, stop);
    let single = words.iter().flatten().cloned().collect();
    let pairs = words
        .windows(2)
        .filter_map(|w| match (&w[0], &w[1]) {
            (Some(a), Some(b)) if a != b => Some(format!("{a} {b}")),
            _ => None,
        })
        .collect();
    (single, pairs)
}

/// A term and how many of the texts read held it, now and in the period before.
#[derive(Debug, Clone, PartialEq)]
pub struct TermTrend {
    pub term: String,
    pub texts: usize,
    pub previous_texts: usize,
    /// Of the texts read, the share that held it.
    pub share: f64,
    pub previous_share: Option<f64>,
}

/// The term lists of one group of texts: words and phrases.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TermLists {
    pub texts: usize,
    pub previous_texts: usize,
    pub words: Vec<TermTrend>,
    pub phrases: Vec<TermTrend>,
}

#[derive(Default)]
struct Counts {
    texts: usize,
    words: HashMap<String, usize>,
    phrases: HashMap<String, usize>,
}

impl Counts {
    fn add(&mut self, text: &str, stop: &StopWords) {
        let (words, phrases) = terms_of(text, stop);
        self.texts += 1;
        for w in words {
            *self.words.entry(w).or_default() += 1;
        }
        for p in phrases {
            *self.phrases.entry(p).or_default() += 1;
        }
    }
}

#[allow(clippy::cast_precision_loss)]
fn top(now: &HashMap<String, usize>, n_now: usize, before: &HashMap<String, usize>, n_before: usize) -> Vec<TermTrend> {
    let mut all: Vec<(&String, usize)> = now.iter().filter(|(_, c)| **c >= MIN_TEXTS).map(|(t, c)| (t, *c)).collect();
    all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    all.into_iter()
        .take(TOP)
        .map(|(term, texts)| {
            let previous_texts = before.get(term).copied().unwrap_or(0);
            TermTrend {
                term: term.clone(),
                texts,
                previous_texts,
                share: texts as f64 / n_now.max(1) as f64,
                previous_share: (n_before > 0).then(|| previous_texts as f64 / n_before as f64),
            }
        })
        .collect()
}

/// The term lists of all the texts (key `None`) and of each of the [`CATEGORIES_SHOWN`]
/// categories with the most texts now, most texts first. A text is `(category, content)`.
pub fn term_lists(
    now: &[(Option<String>, String)],
    before: &[(Option<String>, String)],
    stop: &StopWords,
) -> Vec<(Option<Option<String>>, TermLists)> {
    let mut groups: BTreeMap<Option<Option<String>>, (Counts, Counts)> = BTreeMap::new();
    let mut sizes: BTreeMap<Option<String>, usize> = BTreeMap::new();
    for (category, _) in now {
        *sizes.entry(category.clone()).or_default() += 1;
    }
    let mut shown: Vec<(Option<String>, usize)> = sizes.into_iter().collect();
    shown.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    shown.truncate(CATEGORIES_SHOWN);
    let shown: BTreeSet<Option<String>> = shown.into_iter().map(|(c, _)| c).collect();
    for (texts, later) in [(now, true), (before, false)] {
        for (category, text) in texts {
            let mut keys = vec![None];
            if shown.contains(category) {
                keys.push(Some(category.clone()));
            }
            for key in keys {
                let (n, b) = groups.entry(key).or_default();
                if later { n.add(text, stop) } else { b.add(text, stop) }
            }
        }
    }
    let mut out: Vec<(Option<Option<String>>, TermLists)> = groups
        .into_iter()
        .filter(|(k, (n, _))| k.is_none() || n.texts > 0)
        .map(|(key, (n, b))| {
            let lists = TermLists {
                texts: n.texts,
                previous_texts: b.texts,
                words: top(&n.words, n.texts, &b.words, b.texts),
                phrases: top(&n.phrases, n.texts, &b.phrases, b.texts),
            };
            (key, lists)
        })
        .collect();
    out.sort_by(|a, b| {
        a.0.is_some().cmp(&b.0.is_some()).then_with(|| b.1.texts.cmp(&a.1.texts)).then_with(|| a.0.cmp(&b.0))
    });
    out
}

/// One entry that grew: its count now and in the period before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rise<K> {
    pub key: K,
    pub count: i64,
    pub previous: i64,
}

/// The entries that grew against the period before, most added first (then the larger now,
/// then the key), at most [`TOP`].
pub fn risers<K: Ord + Clone>(now: &BTreeMap<K, i64>, before: &BTreeMap<K, i64>) -> Vec<Rise<K>> {
    let mut out: Vec<Rise<K>> = now
        .iter()
        .map(|(k, c)| Rise { key: k.clone(), count: *c, previous: before.get(k).copied().unwrap_or(0) })
        .filter(|r| r.count > r.previous)
        .collect();
    out.sort_by(|a, b| {
        (b.count - b.previous)
            .cmp(&(a.count - a.previous))
            .then_with(|| b.count.cmp(&a.count))
            .then_with(|| a.key.cmp(&b.key))
    });
    out.truncate(TOP);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_previous_period_is_as_many_months_or_days_and_ends_the_day_before() {
        // Whole months: the months before, however long they are.
        assert_eq!(previous_period(d("2026-07-01"), d("2026-12-31")), (d("2026-01-01"), d("2026-06-30")));
        assert_eq!(previous_period(d("2026-03-01"), d("2026-03-31")), (d("2026-02-01"), d("2026-02-28")));
        assert_eq!(previous_period(d("2026-01-01"), d("2026-12-31")), (d("2025-01-01"), d("2025-12-31")));
        // Anything else: as many days.
        assert_eq!(previous_period(d("2026-03-01"), d("2026-03-15")), (d("2026-02-14"), d("2026-02-28")));
        assert_eq!(previous_period(d("2026-03-05"), d("2026-03-05")), (d("2026-03-04"), d("2026-03-04")));
    }

    #[test]
    fn endings_come_off_while_two_letters_remain() {
        assert_eq!(word_of("화장실이").as_deref(), Some("화장실"));
        assert_eq!(word_of("불친절합니다").as_deref(), Some("불친절"));
        assert_eq!(word_of("주차장에서는").as_deref(), Some("주차장"));
        assert_eq!(word_of("직원의").as_deref(), Some("직원"));
        // 아이 keeps its 이: one letter would remain.
        assert_eq!(word_of("아이").as_deref(), Some("아이"));
        assert_eq!(word_of("LPG").as_deref(), Some("lpg"));
        assert_eq!(word_of("물"), None);
    }

    #[test]
    fn a_text_gives_its_words_and_neighbouring_pairs_without_numbers_or_addresses() {
        let stop = StopWords::parse("너무 해주세요").unwrap();
        let (words, phrases) =
            terms_of("화장실이 너무 더럽습니다. 화장실 청소를 해주세요, 연락처 010-1234-5678 hong@example.com", &stop);
        assert_eq!(
            words.iter().map(String::as_str).collect::<Vec<_>>(),
            ["더럽", "연락처", "청소", "화장실"],
            "너무 is a stop-word; the number and the address are dropped"
        );
        // 화장실–더럽습니다 is broken by the stop-word, 더럽습니다–화장실 by the full stop.
        assert_eq!(phrases.iter().map(String::as_str).collect::<Vec<_>>(), ["화장실 청소"]);
    }

    #[test]
    fn stop_words_parse_from_what_was_typed() {
        let s = StopWords::parse("정말, 너무\n  진짜\u{0}정말 LPG").unwrap();
        assert_eq!(s.words().collect::<Vec<_>>(), ["lpg", "너무", "정말", "진짜"]);
        assert!(StopWords::parse("").unwrap().words().next().is_none());
        let long = "가".repeat(STOP_WORD_MAX_CHARS + 1);
        assert_eq!(StopWords::parse(&long).unwrap_err().get("stop_words").unwrap().code, "too_long");
        let many: Vec<String> = (0..=STOP_WORDS_MAX).map(|i| format!("w{i:04}")).collect();
        assert_eq!(
            StopWords::parse(&many.join(" ")).unwrap_err().get("stop_words").unwrap().code,
            "too_many_stop_words"
        );
    }

    #[test]
    fn terms_are_counted_once_per_text_with_their_share_before() {
        let stop = StopWords::default();
        let c = |cat: &str, t: &str| (Some(cat.to_owned()), t.to_owned());
        let now = [
            c("시설", "주차장 부족 주차장 부족"),
            c("시설", "주차장 부족합니다"),
            c("직원", "직원 불친절"),
            c("직원", "직원 불친절합니다"),
            (None, "주차장 좁음".to_owned()),
        ];
        let before = [c("시설", "주차장 넓음"), c("직원", "안내 부족")];
        let lists = term_lists(&now, &before, &stop);
        let keys: Vec<_> = lists.iter().map(|(k, _)| k.clone()).collect();
        assert_eq!(keys, [None, Some(Some("시설".into())), Some(Some("직원".into())), Some(None)]);
        let all = &lists[0].1;
        assert_eq!((all.texts, all.previous_texts), (5, 2));
        let parking = &all.words[0];
        assert_eq!((parking.term.as_str(), parking.texts, parking.previous_texts), ("주차장", 3, 1));
        assert!((parking.share - 0.6).abs() < 1e-9 && parking.previous_share == Some(0.5));
        assert_eq!(
            all.words.iter().map(|t| (t.term.as_str(), t.texts)).collect::<Vec<_>>(),
            [("주차장", 3), ("부족", 2), ("불친절", 2), ("직원", 2)],
            "a word in one text only is not listed"
        );
        assert_eq!(all.phrases.iter().map(|t| t.term.as_str()).collect::<Vec<_>>(), ["주차장 부족", "직원 불친절"]);
        let staff = &lists[2].1;
        assert_eq!((staff.texts, staff.previous_texts, staff.words.len()), (2, 1, 2));
        assert_eq!(staff.words[0].previous_share, Some(0.0));
    }

    #[test]
    fn risers_are_what_grew_most() {
        let now: BTreeMap<&str, i64> = [("a", 10), ("b", 4), ("c", 3), ("d", 1)].into();
        let before: BTreeMap<&str, i64> = [("a", 9), ("b", 1), ("c", 5), ("e", 7)].into();
        let r = risers(&now, &before);
        assert_eq!(
            r.iter().map(|r| (r.key, r.count, r.previous)).collect::<Vec<_>>(),
            [("b", 4, 1), ("a", 10, 9), ("d", 1, 0)]
        );
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_cut_without_panicking(text in "\\PC{0,200}") {
            let (words, phrases) = terms_of(&text, &StopWords::parse("너무 정말").unwrap());
            for w in &words {
                proptest::prop_assert!(w.chars().count() >= 2 && !w.chars().any(|c| c.is_ascii_digit() || c == '@'));
            }
            for p in &phrases {
                proptest::prop_assert_eq!(p.split(' ').count(), 2);
            }
        }
    }
}
