//! Reports: snapshots of the sample's Markdown and CSV (fixed run date), the HTML's
//! structure, determinism, and escaping of a hostile corpus.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use stancelens::compare::{compare, Comparison};
use stancelens::corpus::Corpus;
use stancelens::report::{self, ReportOptions};
use stancelens::stance::StanceEngine;
use stancelens::topics::Subject;

const RUN_DATE: &str = "2025-01-31";

fn fixture(rel: &str) -> String {
    format!("{}/../../{rel}", env!("CARGO_MANIFEST_DIR"))
}

fn run(corpus: &Corpus) -> (Comparison, ReportOptions) {
    let engine = StanceEngine::bundled(Subject::bundled("israel-azerbaijan").unwrap()).unwrap();
    let cmp = compare(corpus, &engine);
    let opts = ReportOptions {
        run_date: Some(RUN_DATE.into()),
        ..ReportOptions::from_engine(&engine)
    };
    (cmp, opts)
}

fn sample() -> (Corpus, Comparison, ReportOptions) {
    let (corpus, _) = Corpus::from_dir(fixture("fixtures/israel-azerbaijan")).unwrap();
    let (cmp, opts) = run(&corpus);
    (corpus, cmp, opts)
}

fn hostile() -> (Corpus, Comparison, ReportOptions) {
    let (corpus, _) = Corpus::from_jsonl(fixture("fixtures/corpora/hostile.jsonl")).unwrap();
    let (cmp, opts) = run(&corpus);
    (corpus, cmp, opts)
}

#[test]
fn sample_markdown_snapshot() {
    let (corpus, cmp, opts) = sample();
    insta::assert_snapshot!("sample_markdown", report::markdown(&cmp, &corpus, &opts));
}

#[test]
fn sample_csv_snapshots() {
    let (corpus, cmp, _) = sample();
    let t = report::csv(&cmp, &corpus);
    for (name, content) in t.files() {
        insta::assert_snapshot!(format!("sample_{name}"), content);
    }
}

/// A minimal RFC 4180 reader, to check the tables parse back into rectangular rows.
fn parse_csv(s: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    assert!(
        !quoted && field.is_empty() && row.is_empty(),
        "unterminated CSV"
    );
    rows
}

#[test]
fn csv_tables_are_rectangular_and_join() {
    for (corpus, cmp, _) in [sample(), hostile()] {
        let t = report::csv(&cmp, &corpus);
        for (name, content) in t.files() {
            let rows = parse_csv(content);
            assert!(rows.iter().all(|r| r.len() == rows[0].len()), "{name}");
        }
        let cells = parse_csv(&t.cells);
        assert_eq!(cells.len() - 1, cmp.cells.len());
        let cell_ids: std::collections::HashSet<&str> =
            cells[1..].iter().map(|r| r[0].as_str()).collect();
        assert_eq!(cell_ids.len(), cmp.cells.len(), "cell ids are unique");
        let ev = parse_csv(&t.evidence);
        let hits: usize = cmp
            .cells
            .iter()
            .flat_map(|c| &c.evidence)
            .map(|e| e.contributions.len())
            .sum();
        assert_eq!(ev.len() - 1, hits);
        let hit_ids: std::collections::HashSet<&str> =
            ev[1..].iter().map(|r| r[0].as_str()).collect();
        assert_eq!(hit_ids.len(), hits, "hit ids are unique");
        assert!(ev[1..].iter().all(|r| cell_ids.contains(r[1].as_str())));
        // Each cell's evidence rows hold its sentences' values: the sum per sentence
        // recomputes (full-precision numbers).
        for c in &cmp.cells {
            for e in &c.evidence {
                let mut sum = 0.0;
                for r in ev[1..]
                    .iter()
                    .filter(|r| r[1] == format!("{}::{}", c.source, c.topic))
                    .filter(|r| r[5] == e.span.start.to_string())
                {
                    sum += r[22].parse::<f64>().unwrap();
                }
                assert_eq!(sum, e.sum);
            }
        }
        // Hostile text with quotes, commas and newlines survives the round trip.
        for (r, s) in parse_csv(&t.sources)[1..].iter().zip(&cmp.sources) {
            assert_eq!(r[0], s.id);
            assert_eq!(r[4], s.author.clone().unwrap_or_default());
        }
    }
}

#[test]
fn reports_are_deterministic() {
    let (corpus, cmp, opts) = sample();
    assert_eq!(
        report::html(&cmp, &corpus, &opts),
        report::html(&cmp, &corpus, &opts)
    );
    let (corpus2, cmp2, opts2) = sample();
    assert_eq!(
        report::markdown(&cmp, &corpus, &opts),
        report::markdown(&cmp2, &corpus2, &opts2)
    );
    // The run date comes from the options only.
    let undated = ReportOptions {
        run_date: None,
        ..opts.clone()
    };
    let page = report::html(&cmp, &corpus, &undated);
    assert!(page.contains("not recorded") && !page.contains(RUN_DATE));
}

/// `(tag name, [(attribute name, value)])` of every start tag of an HTML document, read
/// the way a browser tokenizer does for well-formed attributes.
fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' || i + 1 >= b.len() || !b[i + 1].is_ascii_alphabetic() {
            // Skip the contents of our one script and style elements.
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' && b[j] != b'/' {
            j += 1;
        }
        let name = html[i + 1..j].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= b.len() || b[j] == b'>' {
                break;
            }
            let s = j;
            while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'=' && b[j] != b'>' {
                j += 1;
            }
            let an = html[s..j].to_ascii_lowercase();
            let mut val = String::new();
            if j < b.len() && b[j] == b'=' {
                j += 1;
                if j < b.len() && (b[j] == b'"' || b[j] == b'\'') {
                    let q = b[j];
                    let vs = j + 1;
                    j = vs;
                    while j < b.len() && b[j] != q {
                        j += 1;
                    }
                    val = html[vs..j.min(b.len())].to_owned();
                    j += 1;
                } else {
                    let vs = j;
                    while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                        j += 1;
                    }
                    val = html[vs..j].to_owned();
                }
            }
            attrs.push((an, val));
        }
        let skip_body = name == "script" || name == "style";
        out.push((name.clone(), attrs));
        i = j;
        if skip_body {
            let close = format!("</{name}>");
            i = html[i..].find(&close).map_or(b.len(), |k| i + k);
        }
    }
    out
}

#[test]
fn sample_html_structure() {
    let (corpus, cmp, opts) = sample();
    let page = report::html(&cmp, &corpus, &opts);
    let t = tags(&page);
    let cells: Vec<&Vec<(String, String)>> = t
        .iter()
        .filter(|(n, a)| {
            n == "td"
                && a.iter()
                    .any(|(k, v)| k == "class" && v.split(' ').any(|c| c == "cell"))
        })
        .map(|(_, a)| a)
        .collect();
    assert_eq!(cells.len(), cmp.sources.len() * cmp.topics.len());
    let ids: std::collections::HashSet<&str> = t
        .iter()
        .flat_map(|(_, a)| a.iter().filter(|(k, _)| k == "id").map(|(_, v)| v.as_str()))
        .collect();
    // Every internal link has its target.
    for (_, a) in &t {
        for (k, v) in a {
            if k == "href" {
                let target = v
                    .strip_prefix('#')
                    .expect("only internal links in the sample");
                assert!(ids.contains(target), "dangling link #{target}");
            }
        }
    }
    // Each not-covered cell is hatched; the legend names both marks.
    let hatched = cells
        .iter()
        .filter(|a| {
            a.iter()
                .any(|(k, v)| k == "class" && v.contains("hatch-nc"))
        })
        .count();
    let not_covered = cmp
        .cells
        .iter()
        .filter(|c| c.label == stancelens::stance::StanceLabel::NotCovered)
        .count();
    assert_eq!(hatched, not_covered);
    assert!(page.contains("insufficient evidence") && page.contains("coverage"));
    // Excluded spans are shown with their reason.
    assert!(page.contains("data-voice=\"excluded: "));
    for section in [
        "how", "heatmap", "topics", "evidence", "claims", "bias", "texts", "method",
    ] {
        assert!(ids.contains(section), "section #{section}");
    }
    assert!(
        page.contains("m / √(m² + 4)"),
        "the method states the formula"
    );
}

#[test]
fn hostile_corpus_renders_inert_html() {
    let (corpus, cmp, opts) = hostile();
    let page = report::html(&cmp, &corpus, &opts);
    let t = tags(&page);
    let names: Vec<&str> = t.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names.iter().filter(|n| **n == "script").count(), 1);
    assert_eq!(names.iter().filter(|n| **n == "style").count(), 1);
    for bad in [
        "img", "iframe", "svg", "object", "embed", "textarea", "form", "base",
    ] {
        assert!(!names.contains(&bad), "<{bad}> in the output");
    }
    for (n, a) in &t {
        for (k, v) in a {
            assert!(!k.starts_with("on"), "event handler {k} on <{n}>");
            if k == "href" || k == "src" {
                let v = v.trim().to_ascii_lowercase();
                assert!(
                    v.starts_with('#') || v.starts_with("https://") || v.starts_with("http://"),
                    "unsafe {k}={v}"
                );
            }
        }
    }
    // The one script is ours, and the policy allows only it, by hash.
    assert!(page.contains("script-src 'sha256-"));
    assert!(page.contains("default-src 'none'"));
    // Control and bidi characters are shown, never emitted raw.
    assert!(!page.contains('\u{202E}') && !page.contains('\u{2066}') && !page.contains('\u{0007}'));
    assert!(page.contains("U+202E") && page.contains("U+0000") && page.contains("U+001B"));
    assert!(!page
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t'));
    // The hostile strings are present as text.
    assert!(page.contains("evil&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(page.contains("&lt;/script&gt; and Tehran"));
    assert!(page.contains("javascript:alert(3)"));
    assert!(!page.to_ascii_lowercase().contains("href=\"javascript"));
    assert!(!page.to_ascii_lowercase().contains("href=\"  javascript"));
}

#[test]
fn hostile_corpus_renders_inert_markdown() {
    let (corpus, cmp, opts) = hostile();
    let md = report::markdown(&cmp, &corpus, &opts);
    // Every `<` from the corpus is backslash-escaped; the only raw tags are our <sup>s.
    let lower = md.to_ascii_lowercase();
    for (i, _) in lower.match_indices('<') {
        let escaped = i > 0 && lower.as_bytes()[i - 1] == b'\\';
        assert!(
            escaped || lower[i..].starts_with("<sup>") || lower[i..].starts_with("</sup>"),
            "raw tag in the Markdown: {}",
            &md[i..(i + 20).min(md.len())]
        );
    }
    assert!(md.contains("\\<script\\>alert(4)"));
    assert!(!md.contains("](javascript"));
    assert!(!md.chars().any(|c| c.is_control() && c != '\n'));
    assert!(!md.contains('\u{202E}'));
}

/// The sample 40 times over (ids made unique): over a thousand sources, pages of megabytes.
fn big_corpus() -> Corpus {
    let (corpus, _, _) = sample();
    let mut big = Corpus {
        name: "big".into(),
        sources: Vec::new(),
    };
    for k in 0..40 {
        for s in &corpus.sources {
            let mut s = s.clone();
            s.meta.id = format!("{}-{k}", s.meta.id);
            s.meta.parent = s.meta.parent.as_ref().map(|p| format!("{p}-{k}"));
            big.sources.push(s);
        }
    }
    big
}

/// A writer that fails once more than 1 MB would have been written.
struct Full(usize);
impl std::io::Write for Full {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        if self.0 + b.len() > 1 << 20 {
            return Err(std::io::Error::other("disk full"));
        }
        self.0 += b.len();
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A writer that takes at most 1000 bytes a call, across the pieces of a vectored write,
/// and is interrupted every fifth call: what a pipe or a slow device may do.
struct Trickle {
    out: Vec<u8>,
    calls: usize,
}
impl std::io::Write for Trickle {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.write_vectored(&[std::io::IoSlice::new(b)])
    }
    fn write_vectored(&mut self, bufs: &[std::io::IoSlice<'_>]) -> std::io::Result<usize> {
        self.calls += 1;
        if self.calls % 5 == 0 {
            return Err(std::io::ErrorKind::Interrupted.into());
        }
        let mut room = 1000;
        for b in bufs {
            let n = b.len().min(room);
            self.out.extend_from_slice(&b[..n]);
            room -= n;
        }
        Ok(1000 - room)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A report as one string, and the same report written as it is rendered.
type Render = fn(&Comparison, &Corpus, &ReportOptions) -> String;
type Stream =
    fn(&Comparison, &Corpus, &ReportOptions, &mut dyn std::io::Write) -> std::io::Result<()>;

/// `stream` writes the same bytes as `render` for the sample, the hostile corpus and a
/// corpus of over a thousand sources (`min_len` bytes at least: several chunks), whatever
/// the number of workers (1: rendered in place, without batches); a writer that fails
/// halfway gets its error back, never a panic or a partial success.
fn streams_what_it_renders(name: &str, render: Render, stream: Stream, min_len: usize) {
    for (corpus, cmp, opts) in [sample(), hostile()] {
        let page = render(&cmp, &corpus, &opts);
        let mut out = Vec::new();
        stream(&cmp, &corpus, &opts, &mut out).unwrap();
        assert!(out == page.as_bytes(), "{name}: streamed report differs");
    }
    let big = big_corpus();
    let (cmp, opts) = run(&big);
    let page = render(&cmp, &big, &opts);
    assert!(
        page.len() > min_len,
        "{name}: the report should span several chunks"
    );
    assert!(
        big.sources.len() > 2 * 64,
        "the sources should span several batches"
    );
    let mut out = Vec::new();
    stream(&cmp, &big, &opts, &mut out).unwrap();
    assert!(out == page.as_bytes(), "{name}: streamed report differs");
    for threads in [1, 2, 3] {
        let o = ReportOptions {
            threads,
            ..opts.clone()
        };
        assert!(
            render(&cmp, &big, &o) == page,
            "{name}, {threads} thread(s): report differs"
        );
        let mut out = Vec::new();
        stream(&cmp, &big, &o, &mut out).unwrap();
        assert!(
            out == page.as_bytes(),
            "{name}, {threads} thread(s): streamed report differs"
        );
    }
    let mut trickle = Trickle {
        out: Vec::new(),
        calls: 0,
    };
    stream(&cmp, &big, &opts, &mut trickle).unwrap();
    assert!(
        trickle.out == page.as_bytes(),
        "{name}: report written in small pieces differs"
    );
    let err = stream(&cmp, &big, &opts, &mut Full(0)).unwrap_err();
    assert_eq!(err.to_string(), "disk full");
}

#[test]
fn write_markdown_streams_the_markdown_report() {
    streams_what_it_renders(
        "Markdown",
        report::markdown,
        report::write_markdown,
        2 << 20,
    );
}

#[test]
fn write_html_streams_the_html_page() {
    streams_what_it_renders("HTML", report::html, report::write_html, 3 << 20);
}
