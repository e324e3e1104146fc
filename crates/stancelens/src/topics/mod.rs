//! Subject files and topic detection.
//!
//! A [`Subject`] (see `docs/subject-format.md`) names the target, the entities with their
//! role toward it, and the topics with anchors and stance cues. Entity patterns, anchors
//! and cues are lexicon entries underneath: they are validated by the lexicon machinery
//! (every problem located) and compiled into [`Matcher`]s.
//!
//! [`Subject::detect`] assigns topics to the sentences of a [`Source`].
//!
//! ```
//! use stancelens::topics::Subject;
//! let s = Subject::bundled("israel-azerbaijan")?;
//! assert_eq!(s.meta.id, "israel-azerbaijan");
//! assert!(!s.topics.is_empty());
//! # Ok::<(), stancelens::lexicon::LexiconError>(())
//! ```

mod subject;

pub use subject::{
    EntityWindow, Role, Subject, SubjectEntity, SubjectMeta, SubjectSettings, Target, Topic,
};

use crate::corpus::voices::TextTokens;
use crate::corpus::{Source, Voice};
use crate::lexicon::{FoldView, Hit, Matcher, Scratch, Vocab};
use crate::text::{self, Token, TokenKind};
use crate::Span;
use serde::Serialize;

/// Why a sentence is on a topic.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TopicReason {
    /// An anchor term of the topic matched.
    Anchor {
        /// Byte span in the source text.
        span: Span,
        /// The matched text.
        text: String,
    },
    /// A mention of one of the topic's `anchor_entities`.
    Entity {
        /// Byte span in the source text.
        span: Span,
        /// The entity id.
        entity: String,
    },
    /// Inherited from an anchored sentence earlier in the same paragraph (`carry_over`).
    CarryOver {
        /// The anchored sentence's span.
        from: Span,
    },
}

/// A topic a sentence speaks about, with the evidence that put it there.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SentenceTopic {
    /// Index into [`Subject::topics`].
    pub topic: usize,
    /// Anchor hits, entity mentions, or the carry-over source.
    pub reasons: Vec<TopicReason>,
}

impl SentenceTopic {
    /// Whether the sentence names the topic itself (an anchor or an anchor entity), not only
    /// inherits it by carry-over.
    pub fn is_named(&self) -> bool {
        self.reasons
            .iter()
            .any(|r| !matches!(r, TopicReason::CarryOver { .. }))
    }
}

/// An entity mention.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Mention {
    /// Index into [`Subject::entities`].
    pub entity: usize,
    /// Byte span in the text.
    pub span: Span,
}

/// One sentence of a source with its voice, entity mentions and topics.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TopicSentence {
    /// Byte span into the source text.
    pub span: Span,
    /// The voice (never Bio, Byline or Excluded: those are left out).
    pub voice: Voice,
    /// Index of the paragraph (in `text::paragraphs(source.text)`).
    pub paragraph: usize,
    /// Entity mentions, in text order.
    pub mentions: Vec<Mention>,
    /// Topics, sorted by topic index.
    pub topics: Vec<SentenceTopic>,
    /// Whether any stance cue matches the sentence (lets scoring skip cue-free ones).
    #[serde(skip)]
    pub(crate) has_cue: bool,
}

impl TopicSentence {
    /// Whether the sentence is on topic `t`.
    pub fn on(&self, t: usize) -> bool {
        self.topics.iter().any(|x| x.topic == t)
    }

    /// Whether `span` overlaps an anchor of one of the sentence's topics: a word that names
    /// what the sentence is about ("weapons" on `arms-trade`), not an evaluation of it.
    pub(crate) fn names_topic(&self, span: Span) -> bool {
        self.topics
            .iter()
            .flat_map(|t| &t.reasons)
            .any(|r| matches!(r, TopicReason::Anchor { span: a, .. } if a.overlaps(span)))
    }

    /// Whether the sentence is in the source's own voice (body text or a comment's text).
    pub fn own_voice(&self) -> bool {
        matches!(self.voice, Voice::Body | Voice::Comment)
    }
}

/// What [`Subject::detect_tokens`] found, with the token data scoring reuses.
#[derive(Debug)]
pub(crate) struct Detection {
    /// The detected sentences.
    pub(crate) sentences: Vec<TopicSentence>,
    /// Tokens of those sentences, absolute offsets.
    pub(crate) tokens: Vec<Token>,
    /// Each sentence's range in `tokens`.
    pub(crate) ranges: Vec<std::ops::Range<usize>>,
    /// `tokens` folded, index for index.
    pub(crate) fold: Scratch,
}

impl Detection {
    /// Give this detection's buffers (tokens, ranges, fold) back to the thread for its
    /// next source (see [`recycle`]), keeping the sentences.
    pub(crate) fn into_sentences(self) -> Vec<TopicSentence> {
        recycle(self.tokens, self.ranges, self.fold);
        self.sentences
    }
}

/// The large per-source buffers of a detection (all the tokens, their ranges per sentence,
/// their fold), kept by each thread once its source is done: the next source reuses them
/// instead of allocating (and faulting into memory) as many bytes again. Every source
/// clears them before use.
#[derive(Default)]
struct SpareBuffers {
    tokens: Vec<Token>,
    ranges: Vec<std::ops::Range<usize>>,
    fold: Scratch,
}

impl crate::reuse::Held for SpareBuffers {
    fn bytes(&self) -> usize {
        self.tokens.bytes() + self.ranges.bytes() + self.fold.capacity_bytes()
    }
}

thread_local! {
    static SPARE: std::cell::RefCell<SpareBuffers> = std::cell::RefCell::default();
}

/// The most bytes of buffers a thread keeps: those of a longer source (about 100,000
/// tokens) are dropped rather than held.
const SPARE_MAX_BYTES: usize = 8 << 20;

/// Give a finished source's buffers (from [`Detection`] or the analysis built on it) back
/// to this thread, unless they are larger than [`SPARE_MAX_BYTES`].
pub(crate) fn recycle(
    mut tokens: Vec<Token>,
    mut ranges: Vec<std::ops::Range<usize>>,
    fold: Scratch,
) {
    tokens.clear();
    ranges.clear();
    let spare = SpareBuffers {
        tokens,
        ranges,
        fold,
    };
    crate::reuse::keep(&SPARE, spare, SPARE_MAX_BYTES);
}

impl Subject {
    /// Entity mentions in `tokens` (tokens of `text`), in text order.
    pub(crate) fn mentions_in(
        &self,
        text: &str,
        tokens: &[Token],
        scratch: &mut Scratch,
    ) -> Vec<Mention> {
        Matcher::fold(text, tokens, scratch);
        self.mentions_in_folded(text, tokens, scratch.view(), &mut Vec::new())
    }

    /// [`mentions_in`](Self::mentions_in) on tokens already folded; `hits` is a work
    /// buffer (a caller's, reused from sentence to sentence).
    fn mentions_in_folded(
        &self,
        text: &str,
        tokens: &[Token],
        folded: FoldView<'_>,
        hits: &mut Vec<Hit>,
    ) -> Vec<Mention> {
        hits.clear();
        self.entity_matcher
            .find_in_folded(text, tokens, folded, hits);
        let mut mentions: Vec<Mention> = hits
            .iter()
            .filter_map(|h| {
                self.entity_of(h.rule).map(|entity| Mention {
                    entity,
                    span: h.span,
                })
            })
            .collect();
        // A member's mention that names another party is left out; which ones is decided
        // on the whole list before any goes (empty, and so no allocation, nearly always).
        let named_other: Vec<usize> = (0..mentions.len())
            .filter(|&i| {
                let m = &mentions[i];
                let members = &self.entities[m.entity].member_idx;
                !members.is_empty() && names_other_party(text, tokens, &mentions, m, members)
            })
            .collect();
        if !named_other.is_empty() {
            let mut i = 0usize;
            mentions.retain(|_| {
                let keep = !named_other.contains(&i);
                i += 1;
                keep
            });
        }
        mentions
    }

    /// The sentences of `source` that can speak about topics, with their topics.
    ///
    /// Body, Comment and Quote sentences are detected and can carry topics over; Heading
    /// sentences are detected (anchors and entities only) but never carry over and never
    /// score; Bio, Byline and Excluded sentences are left out entirely. Carry-over: the
    /// next `carry_over` Body/Comment/Quote sentences of the same paragraph after a
    /// sentence anchored on topic *t* are on *t* too (inherited topics do not carry on).
    ///
    /// ```
    /// use stancelens::corpus::{Source, SourceMeta};
    /// use stancelens::topics::Subject;
    /// let s = Subject::bundled("israel-azerbaijan")?;
    /// let src = Source::new(SourceMeta { id: "x".into(), ..Default::default() },
    ///     "Tehran is furious. It said so. The weather was fine.\n\nNothing here.".into());
    /// let sents = s.detect(&src);
    /// assert!(!sents[0].topics.is_empty());
    /// assert!(sents[3].topics.is_empty());
    /// # Ok::<(), stancelens::lexicon::LexiconError>(())
    /// ```
    pub fn detect(&self, source: &Source) -> Vec<TopicSentence> {
        self.detect_tokens(source).into_sentences()
    }

    /// [`detect`](Self::detect), also returning the tokens of the sentences (absolute
    /// offsets), each sentence's range in them and their folded forms, so that scoring
    /// need not tokenize or fold again.
    pub(crate) fn detect_tokens(&self, source: &Source) -> Detection {
        self.detect_tokens_with(source, None, None)
    }

    /// [`detect_tokens`](Self::detect_tokens), folding with `vocab` (see [`Vocab`]) so
    /// that its matchers skip the tokens they cannot match, and taking the tokens of the
    /// sentences `known` has (found when `source` was read) instead of tokenizing them.
    pub(crate) fn detect_tokens_with(
        &self,
        source: &Source,
        vocab: Option<&Vocab>,
        known: Option<&TextTokens>,
    ) -> Detection {
        let text = source.text.as_str();
        let known = known.filter(|k| k.fits(text));
        let found;
        let paras = match known {
            Some(k) => k.paragraphs(),
            None => {
                found = text::paragraphs(text);
                &found
            }
        };
        // About one token per 4 bytes of English: sized once, not regrown per sentence.
        let expected_tokens = text.len() / 4 + 16;
        // This thread's buffers from its last source, emptied here.
        let SpareBuffers {
            mut tokens,
            mut ranges,
            mut fold,
        } = crate::reuse::take(&SPARE);
        // Every kept token folded once, in token order (a view per sentence).
        Matcher::fold_start(&mut fold, vocab);
        fold.reserve(expected_tokens);
        // All tokens of the kept sentences, and each sentence's range in them.
        tokens.clear();
        tokens.reserve(expected_tokens);
        ranges.clear();
        let mut hits = Vec::new();
        // About one per sentence of the text (voice boundaries add a few, left-out voices
        // take some away): grown, the vector was copied several times.
        let mut out: Vec<TopicSentence> =
            Vec::with_capacity(known.map_or(0, TextTokens::sentence_count));
        for vs in source.voiced_sentences_known(known) {
            if matches!(vs.voice, Voice::Bio | Voice::Byline | Voice::Excluded) {
                continue;
            }
            let t0 = tokens.len();
            match known.and_then(|k| k.of(vs.span)) {
                Some(same) => tokens.extend_from_slice(same),
                None => text::tokenize_into(text, vs.span, &mut tokens),
            }
            ranges.push(t0..tokens.len());
            let toks = &tokens[t0..];
            Matcher::fold_more(text, toks, &mut fold, vocab);
            let view = fold.view().sub(t0..tokens.len());
            let mentions = self.mentions_in_folded(text, toks, view, &mut hits);
            hits.clear();
            self.anchor_matcher
                .find_in_folded(text, toks, view, &mut hits);
            let mut topics: Vec<SentenceTopic> = Vec::new();
            let mut add = |t: usize, r: TopicReason| match topics.iter_mut().find(|x| x.topic == t)
            {
                Some(x) => x.reasons.push(r),
                None => topics.push(SentenceTopic {
                    topic: t,
                    reasons: vec![r],
                }),
            };
            for h in &hits {
                if let Some(&t) = self.anchor_topic.get(h.rule.index()) {
                    add(
                        t,
                        TopicReason::Anchor {
                            span: h.span,
                            text: h.span.slice(text).to_owned(),
                        },
                    );
                }
            }
            for m in &mentions {
                for (t, topic) in self.topics.iter().enumerate() {
                    if topic.anchor_entity_idx.contains(&m.entity) {
                        add(
                            t,
                            TopicReason::Entity {
                                span: m.span,
                                entity: self.entities[m.entity].id.clone(),
                            },
                        );
                    }
                }
            }
            topics.sort_by_key(|x| x.topic);
            // Paragraphs are sorted: the last one starting at or before the sentence.
            let paragraph = paras
                .partition_point(|p| p.start <= vs.span.start)
                .checked_sub(1)
                .filter(|&i| vs.span.start < paras[i].end.max(paras[i].start + 1))
                .unwrap_or(usize::MAX);
            out.push(TopicSentence {
                span: vs.span,
                voice: vs.voice,
                paragraph,
                mentions,
                topics,
                has_cue: false,
            });
        }
        self.carry_over(&mut out);
        // Cues only count on topic: look for them only where there is a topic.
        for (s, r) in out.iter_mut().zip(&ranges) {
            if !s.topics.is_empty() {
                hits.clear();
                self.cue_matcher.find_in_folded(
                    text,
                    &tokens[r.clone()],
                    fold.view().sub(r.clone()),
                    &mut hits,
                );
                s.has_cue = !hits.is_empty();
            }
        }
        Detection {
            sentences: out,
            tokens,
            ranges,
            fold,
        }
    }

    fn carry_over(&self, sents: &mut [TopicSentence]) {
        let n = self.settings.carry_over;
        if n == 0 {
            return;
        }
        let scorable = |v: Voice| matches!(v, Voice::Body | Voice::Comment | Voice::Quote);
        let mut own: Vec<usize> = Vec::new();
        for i in 0..sents.len() {
            if !scorable(sents[i].voice) {
                continue;
            }
            // Only topics the sentence anchors itself carry over.
            own.clear();
            own.extend(
                sents[i]
                    .topics
                    .iter()
                    .filter(|t| t.is_named())
                    .map(|t| t.topic),
            );
            if own.is_empty() {
                continue;
            }
            let (from, para) = (sents[i].span, sents[i].paragraph);
            let mut left = n;
            for s in sents.iter_mut().skip(i + 1) {
                if left == 0 || s.paragraph != para {
                    break;
                }
                if !scorable(s.voice) {
                    continue;
                }
                left -= 1;
                for &t in &own {
                    if !s.on(t) {
                        s.topics.push(SentenceTopic {
                            topic: t,
                            reasons: vec![TopicReason::CarryOver { from }],
                        });
                    }
                }
                s.topics.sort_by_key(|x| x.topic);
            }
        }
    }
}

/// Share of a source's own-voice sentences (Body, Comment) that are on topic `t`; `0.0`
/// when the source has no own-voice sentence.
///
/// ```
/// use stancelens::corpus::{Source, SourceMeta};
/// use stancelens::topics::{coverage, Subject};
/// let s = Subject::bundled("israel-azerbaijan")?;
/// let src = Source::new(SourceMeta { id: "x".into(), ..Default::default() }, "Nothing.".into());
/// assert_eq!(coverage(&s.detect(&src), 0), 0.0);
/// # Ok::<(), stancelens::lexicon::LexiconError>(())
/// ```
pub fn coverage(sentences: &[TopicSentence], t: usize) -> f64 {
    let own = sentences.iter().filter(|s| s.own_voice()).count();
    if own == 0 {
        return 0.0;
    }
    let on = sentences
        .iter()
        .filter(|s| s.own_voice() && s.on(t))
        .count();
    on as f64 / own as f64
}

/// Words that start a sentence as possessors without naming anyone ("Today's deal").
const COMMON_POSSESSORS: [&str; 14] = [
    "today",
    "yesterday",
    "tomorrow",
    "everyone",
    "everybody",
    "nobody",
    "somebody",
    "someone",
    "anyone",
    "anybody",
    "one",
    "another",
    "other",
    "country",
];

/// Small-letter words that never stand between a pact's parties and its noun: articles,
/// pronouns, prepositions, conjunctions and auxiliaries end the noun phrase.
const PACT_NON_MODIFIERS: [&str; 40] = [
    "a", "an", "the", "this", "that", "these", "those", "its", "their", "his", "her", "our",
    "your", "my", "of", "to", "in", "on", "at", "by", "for", "from", "with", "as", "and", "or",
    "but", "nor", "is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would",
    "not",
];

/// Whether the phrase of `m`, a mention of an entity made of `members` ("the alliance"),
/// names a party that is not a member: a proper modifier before it ("the *Russo-Iranian*
/// alliance", "*Iran's* partnership", "the *NATO* alliance", and past one or two
/// small-letter modifiers "the *Russia–Iran* defense alliance", "*Iran's* new partnership")
/// or after it ("an alliance *with Turkey*", "the partnership *between Russia and Iran*").
/// Parties are entity mentions or capitalised words (not the sentence's first word);
/// members keep it the entity ("the Azerbaijan–Israel alliance", "its partnership with
/// Israel").
fn names_other_party(
    text: &str,
    tokens: &[Token],
    mentions: &[Mention],
    m: &Mention,
    members: &[usize],
) -> bool {
    let at = |offset: usize| text::token_at(tokens, offset);
    let mention_at = |j: usize| {
        mentions
            .iter()
            .find(|x| x.span.overlaps(tokens[j].span) && x.span != m.span)
    };
    // A party at token `j`: Some(true) a member, Some(false) another party, None no party.
    let party = |j: usize| -> Option<bool> {
        let t = tokens.get(j)?;
        if t.kind != TokenKind::Word {
            return None;
        }
        if let Some(x) = mention_at(j) {
            return Some(members.contains(&x.entity));
        }
        let w = t.span.slice(text);
        // The first word is capitalised anyway; as a possessor it is still a name
        // ("Pakistan's nuclear programme"), unless it is a common word ("Today's").
        let named = j > 0 || {
            let bare = w.trim_end_matches("'s").trim_end_matches("\u{2019}s");
            text::is_possessive(text, tokens, t.span)
                && !COMMON_POSSESSORS
                    .iter()
                    .any(|c| c.eq_ignore_ascii_case(bare))
        };
        (named && w.chars().next().is_some_and(char::is_uppercase)).then_some(false)
    };
    let joiner = |j: usize| {
        tokens.get(j).is_some_and(|t| {
            matches!(
                t.span.slice(text),
                "-" | "\u{2013}" | "\u{2011}" | "\u{2010}" | "/"
            )
        }) && text::is_set_solid(tokens, j)
    };
    let first = at(m.span.start);
    let last = at(m.span.end.saturating_sub(1));
    // Back from token `j`: a possessor ("Iran's"), then a run of parties joined by hyphens
    // or dashes. Whether it names another party, how many parties it holds, and whether it
    // had the possessor.
    let parties_before = |mut j: usize| -> (bool, usize, bool) {
        let possessor = j
            .checked_sub(1)
            .is_some_and(|p| text::is_possessive(text, tokens, tokens[p].span));
        if j >= 2 && matches!(tokens[j - 1].span.slice(text), "'s" | "\u{2019}s") {
            j -= 1;
        }
        let (mut other, mut n) = (false, 0);
        while j > 0 {
            let p = j - 1;
            let start = mention_at(p).map_or(p, |x| at(x.span.start));
            match party(p) {
                Some(member) => other |= !member,
                None => break,
            }
            n += 1;
            j = start;
            if j >= 2 && joiner(j - 1) {
                j -= 1;
            } else {
                break;
            }
        }
        (other, n, possessor)
    };
    if parties_before(first).0 {
        return true;
    }
    // The same past one or two small-letter modifiers ("the Russia–Iran *defense* alliance",
    // "Iran's *new military* partnership"), but only a possessor or a run of two or more
    // parties: one capitalised word before a bare verb could be the clause's subject
    // ("Turkey backs alliance").
    let modifier = |j: usize| {
        let t = &tokens[j];
        t.kind == TokenKind::Word
            && t.case == text::Case::Lower
            && mention_at(j).is_none()
            && !PACT_NON_MODIFIERS
                .iter()
                .any(|w| w.eq_ignore_ascii_case(t.span.slice(text)))
    };
    let mut k = first;
    while first - k < 2 && k > 1 && modifier(k - 1) {
        k -= 1;
    }
    if k < first {
        let (other, n, possessor) = parties_before(k);
        if other && (n >= 2 || possessor) {
            return true;
        }
    }
    // After: "with", "between", "among" or "of" and the parties they name; "to" and "from"
    // name a buyer or a seller ("arms sales to Armenia") when an entity follows, where a
    // capitalised word may be a place on the way ("shipments to Haifa").
    let Some(prep) = tokens.get(last + 1).map(|t| t.span.slice(text)) else {
        return false;
    };
    let parties_only = ["to", "from"].iter().any(|p| p.eq_ignore_ascii_case(prep));
    if !parties_only
        && !["with", "between", "among", "of"]
            .iter()
            .any(|p| p.eq_ignore_ascii_case(prep))
    {
        return false;
    }
    let mut j = last + 2;
    while j < tokens.len() {
        let w = tokens[j].span.slice(text);
        if ["the", "and", ",", "both"]
            .iter()
            .any(|x| x.eq_ignore_ascii_case(w))
            || joiner(j)
        {
            j += 1;
            continue;
        }
        if parties_only && mention_at(j).is_none() {
            break;
        }
        match party(j) {
            Some(true) => j = mention_at(j).map_or(j, |x| at(x.span.end.saturating_sub(1))) + 1,
            Some(false) => return true,
            None => break,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::JsonlSources;
    use proptest::prelude::*;

    proptest! {
        /// The tokens kept while reading a source give the detection exactly what
        /// tokenizing its sentences again gives, whatever cuts the voices make
        /// (quotations inside sentences, repeated sentences excluded).
        #[test]
        fn kept_tokens_change_no_detection(
            parts in prop::collection::vec(prop::sample::select(vec![
                "Iran threatens Azerbaijan. ",
                "He said “Israel supplies drones to Baku” and left. ",
                "“We will not accept this,” Aliyev said. ",
                "Israel and Azerbaijan signed a new energy deal in Baku today. ",
                "The U.S. view differs",
                "! ",
                "\n\n",
                "Lieberman’s visit to Baku ",
                "cost 20,000 dollars. ",
                "“Short.” ",
                "e.g. Karabakh",
                "\"quoted words here\" ",
            ]), 1..30),
        ) {
            let text: String = parts.concat();
            let line = serde_json::json!({ "id": "s", "text": text }).to_string();
            let mut reader = JsonlSources::new(line.as_bytes(), "t.jsonl").keeping_tokens();
            let source = reader.next().and_then(Result::ok);
            prop_assert!(source.is_some());
            let source = source.unwrap_or_else(|| unreachable!());
            let known = reader.take_tokens();
            prop_assert!(known.is_some());
            let subject = Subject::bundled("israel-azerbaijan");
            prop_assert!(subject.is_ok());
            let subject = subject.unwrap_or_else(|_| unreachable!());
            let fresh = subject.detect_tokens_with(&source, None, None);
            let reused = subject.detect_tokens_with(&source, None, known.as_ref());
            prop_assert_eq!(&fresh.tokens, &reused.tokens);
            prop_assert_eq!(&fresh.ranges, &reused.ranges);
            prop_assert_eq!(&fresh.sentences, &reused.sentences);
        }
    }

    /// The entities a sentence mentions, by id (the bundled subject).
    fn mentioned(text: &str) -> Vec<String> {
        let subject = Subject::bundled("israel-azerbaijan").unwrap_or_else(|e| panic!("{e}"));
        let tokens = text::tokenize(text);
        subject
            .mentions_in(text, &tokens, &mut Scratch::default())
            .iter()
            .map(|m| subject.entities[m.entity].id.clone())
            .collect()
    }

    /// Things named with their parties (`members`): a possessor that starts the sentence
    /// names a party unless it is a common word; after "to" or "from" only an entity is a
    /// party, a capitalised word there may be a place on the way.
    #[test]
    fn things_named_with_other_parties_are_no_mentions() {
        let has = |text: &str, id: &str| mentioned(text).iter().any(|m| m == id);
        assert!(!has(
            "Pakistan's nuclear programme worries the region.",
            "iran-arsenal"
        ));
        assert!(has(
            "Tehran's nuclear programme worries the region.",
            "iran-arsenal"
        ));
        assert!(has("Today's oil shipments were dependable.", "oil-link"));
        assert!(!has("Arms sales to Armenia were a disgrace.", "arms-deals"));
        assert!(has("Arms sales to Baku were a disgrace.", "arms-deals"));
        assert!(has(
            "The crude shipments to Haifa are shameful.",
            "oil-link"
        ));
        assert!(!has(
            "Russia's arms deals with Armenia were a disgrace.",
            "arms-deals"
        ));
        assert!(!has(
            "The Nord Stream pipeline was a costly mistake.",
            "oil-link"
        ));
        assert!(!has(
            "Lieberman's friendship with Aliyev is old.",
            "alignment"
        ));
        assert!(has(
            "The friendship between the two countries is old.",
            "alignment"
        ));
    }

    /// A thread's spare buffers carry nothing from one source to the next: detecting a
    /// source after others on one thread gives what a fresh thread gives.
    #[test]
    fn spare_buffers_carry_nothing_over() {
        let subject = Subject::bundled("israel-azerbaijan").unwrap_or_else(|e| panic!("{e}"));
        let source = |id: &str, text: &str| {
            Source::new(
                crate::corpus::SourceMeta {
                    id: id.into(),
                    ..Default::default()
                },
                text.into(),
            )
        };
        let long = source(
            "long",
            &"Iran threatens Azerbaijan. Israel and Baku signed an energy deal. ".repeat(40),
        );
        let short = source("short", "Lieberman’s visit to Baku. Karabakh talks.");
        let detect = |s: &Source| {
            let d = subject.detect_tokens_with(s, None, None);
            let out = (d.sentences.clone(), d.tokens.clone(), d.ranges.clone());
            recycle(d.tokens, d.ranges, d.fold);
            out
        };
        let after_others = {
            detect(&long);
            detect(&short);
            detect(&long);
            detect(&short)
        };
        let fresh = std::thread::scope(|s| s.spawn(|| detect(&short)).join())
            .unwrap_or_else(|_| panic!("the fresh thread failed"));
        assert_eq!(after_others, fresh);
        assert!(!fresh.0.is_empty());
    }
}
