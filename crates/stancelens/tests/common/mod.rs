//! Shared by the valence tests: the documented formulas (docs/scoring.md), applied to an
//! explanation, must give back every score with `==`.

use stancelens::valence::{Contribution, Op, Valence};

/// Recomputes `v` from its explanation; `Err` names the first number that differs.
pub fn reproduce(text: &str, v: &Valence) -> Result<(), String> {
    fn same<T: PartialEq + std::fmt::Debug>(what: &str, got: T, want: T) -> Result<(), String> {
        if got == want {
            Ok(())
        } else {
            Err(format!("{what}: recomputed {got:?}, reported {want:?}"))
        }
    }
    let e = &v.explanation;
    let (mut raw, mut pos_sum, mut neg_sum, mut zero) = (0.0f64, 0.0f64, 0.0f64, 0usize);
    for c in &e.contributions {
        let x = match c {
            Contribution::Hit(h) => {
                same("hit text", h.span.slice(text), h.text.as_str())?;
                let x = h.modifiers.iter().fold(h.base, |x, m| match m.op {
                    Op::Add(a) => x + a,
                    Op::Scale(f) => x * f,
                });
                same("hit contribution", x, h.contribution)?;
                if x > 0.0 {
                    pos_sum += x + 1.0;
                } else if x < 0.0 {
                    neg_sum += 1.0 - x;
                } else {
                    zero += 1;
                }
                x
            }
            Contribution::Punctuation(p) => {
                if p.contribution > 0.0 {
                    pos_sum += p.contribution;
                } else {
                    neg_sum -= p.contribution;
                }
                p.contribution
            }
        };
        raw += x;
    }
    let n = &e.normalisation;
    same("raw_sum", raw, n.raw_sum)?;
    same("sentences", n.sentences, e.sentences.len())?;
    let mean = if n.sentences == 0 {
        0.0
    } else {
        raw / n.sentences as f64
    };
    same("mean", mean, n.mean)?;
    same(
        "compound",
        (mean / (mean * mean + n.alpha).sqrt()).clamp(-1.0, 1.0),
        v.compound,
    )?;
    same(
        "pos_sum, neg_sum, zero_hits",
        (pos_sum, neg_sum, zero),
        (n.pos_sum, n.neg_sum, n.zero_hits),
    )?;
    let neutral = (zero + n.neutral_tokens) as f64;
    let total = pos_sum + neg_sum + neutral;
    same("total", total, n.total)?;
    if total > 0.0 {
        same(
            "pos, neg, neu",
            (v.pos, v.neg, v.neu),
            (pos_sum / total, neg_sum / total, neutral / total),
        )
    } else {
        same(
            "all zero",
            (v.pos, v.neg, v.neu, v.compound),
            (0.0, 0.0, 0.0, 0.0),
        )
    }
}
