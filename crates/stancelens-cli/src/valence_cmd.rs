//! `stancelens valence`: one text per input line in, one JSON object per line out.

use serde_json::{json, Map, Value};
use stancelens::lexicon::loaders::{self, ImportOptions};
use stancelens::lexicon::{bundled, Lexicon, LexiconError, LexiconMeta};
use stancelens::valence::{vader, ValenceScorer};
use std::io::{BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};

/// What the user asked for.
#[derive(Debug)]
pub struct ValenceArgs {
    pub vader: bool,
    pub explain: bool,
    pub lexicons: Vec<PathBuf>,
    pub maps: Vec<String>,
    pub inputs: Vec<PathBuf>,
}

enum Engine {
    Vader(Box<vader::Analyzer>),
    Default(Box<ValenceScorer>),
}

pub fn run(args: &ValenceArgs) -> Result<(), String> {
    let (mut engine, stamp) = if args.vader {
        if !args.lexicons.is_empty() {
            return Err(
                "error: --vader scores with VADER 3.3.2's own lexicon; --lexicon cannot be combined with it"
                    .into(),
            );
        }
        let info = vader::lexicon_info();
        let stamp = format!("vader@{}:{}", info.version, short(&info.sha256));
        (Engine::Vader(Box::new(vader::Analyzer::new())), stamp)
    } else {
        let stack = load_stack(&args.lexicons, &args.maps)?;
        let stamp = stack_stamp(stack.layers());
        let scorer = ValenceScorer::new(stack).map_err(lexicon_error)?;
        (Engine::Default(Box::new(scorer)), stamp)
    };

    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut emit = |text: &str| -> Result<(), String> {
        let mut obj = Map::new();
        match &mut engine {
            Engine::Vader(a) => {
                let s = a.polarity_scores(text);
                put_scores(&mut obj, s.neg, s.neu, s.pos, s.compound);
                if args.explain {
                    obj.insert("explanation".into(), to_value(&a.explain(text))?);
                }
            }
            Engine::Default(scorer) => {
                let v = scorer.score(text);
                put_scores(&mut obj, v.neg, v.neu, v.pos, v.compound);
                if args.explain {
                    obj.insert("explanation".into(), to_value(&v.explanation)?);
                }
            }
        }
        obj.insert("lexicon".into(), Value::String(stamp.clone()));
        serde_json::to_writer(&mut out, &Value::Object(obj)).map_err(|e| e.to_string())?;
        out.write_all(b"\n").map_err(|e| e.to_string())
    };

    if args.inputs.is_empty() {
        let stdin = std::io::stdin();
        for_each_line(stdin.lock(), Path::new("<stdin>"), &mut emit)?;
    } else {
        for path in &args.inputs {
            let file = std::fs::File::open(path)
                .map_err(|e| format!("error: {}: cannot open: {e}", path.display()))?;
            for_each_line(std::io::BufReader::new(file), path, &mut emit)?;
        }
    }
    out.flush().map_err(|e| e.to_string())
}

/// Calls `f` with each line (without its `\n` or `\r\n`); invalid UTF-8 is an error at
/// the line and column of the first bad byte.
fn for_each_line(
    mut reader: impl BufRead,
    path: &Path,
    f: &mut dyn FnMut(&str) -> Result<(), String>,
) -> Result<(), String> {
    let mut buf = Vec::new();
    let mut line_no = 0u64;
    loop {
        buf.clear();
        let n = reader
            .read_until(b'\n', &mut buf)
            .map_err(|e| format!("error: {}: read failed: {e}", path.display()))?;
        if n == 0 {
            return Ok(());
        }
        line_no += 1;
        if buf.last() == Some(&b'\n') {
            buf.pop();
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
        }
        let text = std::str::from_utf8(&buf).map_err(|e| {
            let good = &buf[..e.valid_up_to()];
            // valid_up_to() is on a char boundary of the valid prefix, so this cannot fail.
            let column = std::str::from_utf8(good).map_or(0, |s| s.chars().count()) + 1;
            format!(
                "error: {}:{line_no}:{column}: invalid UTF-8 (byte 0x{:02x})",
                path.display(),
                buf[e.valid_up_to()]
            )
        })?;
        f(text)?;
    }
}

fn put_scores(obj: &mut Map<String, Value>, neg: f64, neu: f64, pos: f64, compound: f64) {
    obj.insert("neg".into(), json!(neg));
    obj.insert("neu".into(), json!(neu));
    obj.insert("pos".into(), json!(pos));
    obj.insert("compound".into(), json!(compound));
}

fn to_value<T: serde::Serialize>(v: &T) -> Result<Value, String> {
    serde_json::to_value(v).map_err(|e| format!("error: cannot serialise explanation: {e}"))
}

/// The bundled valence stack with the user's layers on top, in the order given.
fn load_stack(paths: &[PathBuf], maps: &[String]) -> Result<Lexicon, String> {
    let mut layers = vec![bundled::valence_stack().map_err(lexicon_error)?];
    for path in paths {
        layers.push(load_layer(path, maps)?);
    }
    Lexicon::layered(layers).map_err(lexicon_error)
}

/// A user lexicon, by file extension: `.toml` rule files, LIWC `.dic`, Lexicoder `.lc3`
/// (or `.cat`), and VADER-format `.txt`.
fn load_layer(path: &Path, maps: &[String]) -> Result<Lexicon, String> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("user")
        .to_string();
    let import = || -> Result<ImportOptions, String> {
        let mut opts = ImportOptions::new(stem.clone(), "user").category("valence");
        for m in maps {
            let (cat, w) = m
                .split_once('=')
                .ok_or_else(|| format!("error: --map `{m}`: expected CATEGORY=WEIGHT"))?;
            let w: f64 = w
                .trim()
                .parse()
                .map_err(|_| format!("error: --map `{m}`: `{w}` is not a number"))?;
            opts = opts.weight(cat.trim(), w);
        }
        Ok(opts)
    };
    match ext.as_str() {
        "toml" => Lexicon::from_file(path).map_err(lexicon_error),
        "dic" => {
            if maps.is_empty() {
                return Err(format!(
                    "error: {}: a LIWC dictionary needs --map CATEGORY=WEIGHT (e.g. --map posemo=1 --map negemo=-1)",
                    path.display()
                ));
            }
            loaders::liwc_from_file(path, &import()?).map_err(lexicon_error)
        }
        "lc3" | "cat" => {
            let opts = if maps.is_empty() {
                ImportOptions::lsd2015_valence()
            } else {
                import()?
            };
            loaders::lexicoder_from_file(path, &opts).map_err(lexicon_error)
        }
        "txt" => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("error: {}: cannot read: {e}", path.display()))?;
            loaders::vader_from_str(&text, path).map_err(lexicon_error)
        }
        _ => Err(format!(
            "error: {}: unknown lexicon format; expected .toml, .dic (LIWC), .lc3/.cat (Lexicoder) or .txt (VADER)",
            path.display()
        )),
    }
}

fn lexicon_error(e: LexiconError) -> String {
    let n = e.problems.len();
    let mut lines: Vec<String> = e.problems.iter().map(|p| format!("error: {p}")).collect();
    lines.push(format!(
        "stancelens: {n} lexicon problem{}",
        if n == 1 { "" } else { "s" }
    ));
    lines.join("\n")
}

fn short(sha: &str) -> &str {
    sha.get(..12).unwrap_or(sha)
}

/// `name@version:sha` of each layer, joined with `+`.
fn stack_stamp(layers: &[LexiconMeta]) -> String {
    layers
        .iter()
        .map(|m| format!("{}@{}:{}", m.name, m.version, short(&m.sha256)))
        .collect::<Vec<_>>()
        .join("+")
}
