//! `target_stance` (subject-free and with the bundled subject) with arbitrary spans: the
//! first 4 bytes pick the span, the rest is the text. Bad spans are errors, never panics;
//! scores stay in [-1, 1].
#![no_main]

use libfuzzer_sys::fuzz_target;
use stancelens::stance::{target_stance, StanceEngine};
use stancelens::topics::Subject;
use stancelens::Span;
use std::sync::OnceLock;

fn engine() -> Option<&'static StanceEngine> {
    static E: OnceLock<Option<StanceEngine>> = OnceLock::new();
    E.get_or_init(|| {
        let s = Subject::bundled("israel-azerbaijan").ok()?;
        StanceEngine::bundled(s).ok()
    })
    .as_ref()
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 {
        return;
    }
    let Ok(text) = std::str::from_utf8(&data[4..]) else {
        return;
    };
    let a = usize::from(u16::from_le_bytes([data[0], data[1]]));
    let b = usize::from(u16::from_le_bytes([data[2], data[3]]));
    let span = Span { start: a, end: b };
    let ok = a < b && b <= text.len() && text.is_char_boundary(a) && text.is_char_boundary(b);
    let r = target_stance(text, span);
    assert_eq!(r.is_ok(), ok, "{span:?} {r:?}");
    if let Ok(t) = r {
        assert!(t.score.is_none_or(|s| (-1.0..=1.0).contains(&s)), "{t:?}");
    }
    if let Some(e) = engine() {
        let r = e.target_stance(text, span);
        assert_eq!(r.is_ok(), ok);
        if let Ok(t) = r {
            assert!(t.score.is_none_or(|s| (-1.0..=1.0).contains(&s)), "{t:?}");
        }
    }
});
