#!/usr/bin/env python3
"""Generate the VADER parity test sentences, deterministically.

Usage: gen_vader_cases.py SEEDS_DIR OUT.jsonl [--lexicon PATH]

Writes one JSON object per line: {"id": N, "kind": "...", "text": "..."}.
Sources: every line and sentence of SEEDS_DIR/*.txt (README.md excluded), every key of the
VADER lexicon (alone and in context), and generated edge cases that exercise each VADER rule.
The output depends only on the inputs and the fixed seed (no wall clock, no hash order).
"""
import json
import os
import random
import re
import sys

SEED = 20241122

NEGATIONS = ["not", "never", "isn't", "don't", "without", "least", "no", "nor", "Not", "NEVER",
             "ain't", "cannot", "uh-uh", "nothing", "despite", "wasn't", "rarely", "at least",
             "very least", "doesnt", "can't"]
BOOSTERS = ["very", "extremely", "so", "really", "kind of", "sort of", "kinda", "barely",
            "VERY", "EXTREMELY", "hardly", "somewhat", "just enough", "most", "less", "little",
            "totally", "slightly", "incredibly", "Incredibly", "uber", "friggin", "FRIGGIN"]
SENTI = ["good", "great", "bad", "horrible", "love", "hate", "nice", "awful", "happy", "sad",
         "GOOD", "GREAT", "BAD", "Good", "excellent", "terrible", "kind", "no", "doubt", "peace",
         "war", "support", "stable", "conflict", "threat", "strong", "crisis", "hope", "fear",
         "best", "worst", "sux", "lol", "funny", "smart", "handsome", "die", "death", "kiss",
         "bomb", "shit", "heart", "beating", "stop", "yeah", "right", "ass", "bad-ass", "fun"]
NEUTRAL = ["the", "a", "it", "is", "was", "this", "that", "of", "and", "or", "to", "for",
           "book", "movie", "plot", "deal", "Baku", "Jerusalem", "Azerbaijan", "Israel",
           "relations", "at", "so", "this", "but", "BUT", "But", "kind", "of", "sort", "just",
           "enough", "bus", "mustard", "cut", "the", "Əliyev", "Aliyev", "ƏLİYEV", "東京",
           "שלום", "مرحبا", "café", "naïve", "2025", "3.14", "10%", "$5", "#1", "@user",
           "I", "U.S.", "A", "OK"]
IDIOMS = ["the bomb", "the shit", "kiss of death", "cut the mustard", "bad ass", "badass",
          "bus stop", "yeah right", "to die for", "beating heart", "hand to mouth",
          "upper hand", "break a leg", "in the red", "under the weather", "can't stand",
          "fed up", "screwed up"]
EMOJI = ["😀", "😁", "😂", "💘", "💋", "😡", "😢", "👍", "👎", "🔥", "❤", "❤️", "🙂", "☹",
         "🇦🇿", "🇮🇱", "👨‍👩‍👧", "✅", "❌", "🆙", "🔛", "😀😀", "💔"]
EMOTICONS = [":)", ":-(", "<3", ":D", ":(", ";)", ":-)", ":P", "</3", ":/", "xD", ":'(",
             "(:", "=)", ":-Þ", "^_^", "o_O"]
PUNCT = ["", ".", "!", "!!", "!!!", "!!!!!", "?", "??", "???", "????", "?!", "!?", "...", ",",
         ";", ":", "!?!?", "."]


def seed_sentences(seeds_dir):
    out = []
    files = sorted(f for f in os.listdir(seeds_dir) if f.endswith(".txt"))
    for name in files:
        with open(os.path.join(seeds_dir, name), encoding="utf-8") as f:
            text = f.read()
        out.append(("seed-file", text))
        for line in text.split("\n"):
            if line.strip():
                out.append(("seed-line", line))
                parts = re.split(r"(?<=[.!?…])\s+", line)
                if len(parts) > 1:
                    out.extend(("seed-sentence", p) for p in parts if p)
    return out


def lexicon_keys(path):
    keys = []
    with open(path, encoding="utf-8") as f:
        for line in f.read().rstrip("\n").split("\n"):
            if line.strip():
                keys.append(line.strip().split("\t")[0])
    return keys


def fixed_cases():
    c = [
        "", " ", "   ", "\t\n", "\u00a0", "\u3000 \u2028", "\x1c\x1d", ".", "!", "?", "!!!", "??",
        "VADER is smart, handsome, and funny.", "VADER is smart, handsome, and funny!",
        "VADER is very smart, handsome, and funny.", "VADER is VERY SMART, handsome, and FUNNY.",
        "VADER is VERY SMART, handsome, and FUNNY!!!",
        "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",
        "VADER is not smart, handsome, nor funny.", "The book was good.",
        "At least it isn't a horrible book.", "The book was only kind of good.",
        "The plot was good, but the characters are uncompelling and the dialog is not great.",
        "Today SUX!", "Today only kinda sux! But I'll get by, lol", "Make sure you :) or :D today!",
        "Catch utf-8 emoji such as 💘 and 💋 and 😁", "Not bad at all",
        "Sentiment analysis has never been good.", "Sentiment analysis has never been this good!",
        "Most automated sentiment analysis tools are shit.",
        "With VADER, sentiment analysis is the shit!",
        "Other sentiment analysis tools can be quite bad.",
        "On the other hand, VADER is quite bad ass", "VADER is such a badass!",
        "Without a doubt, excellent idea.",
        "Roger Dodger is one of the most compelling variations on this theme.",
        "Roger Dodger is at least compelling as a variation on the theme.",
        "Roger Dodger is one of the least compelling variations on this theme.",
        "Not such a badass after all.", "Without a doubt, an excellent idea.",
        "good but good", "good good but good good", "bad good but bad good", "but good",
        "good but", "good but but good", "great great great but great",
        "love hate love but hate love hate", "It was good, BUT it was bad.",
        "the bomb", "the bomb is here", "it is the bomb", "wow it is the bomb", "yes wow it is the bomb",
        "kiss of death", "a kiss of death", "it was a kiss of death", "this was a kiss of death today",
        "cut the mustard", "he cannot cut the mustard", "it did not cut the mustard at all",
        "no good", "no no good", "no way good", "no fun or good", "no fun nor good", "no",
        "no.", "No!", "I am not happy", "I am NOT HAPPY", "I AM NOT HAPPY", "never so good",
        "never this good", "it is so good", "it is this good", "without doubt good",
        "without any doubt good", "least good", "the least good", "at least good",
        "very least good", "I don't love it", "I dont love it", "I do n't love it",
        "kind of good", "kind of", "it is kind of bad", "it is sort of bad",
        "it is just enough good", "it was really kind of good", "Əliyev is happy",
        "ƏLİYEV IS HAPPY but sad", "Cafés are GREAT", "東京 is great", "שלום good",
        "It's good☹bad", "good💔", "💔good", "good 💔 good", "💘💘💘", "🆙 🔛!",
        "I love it :)", "I hate it :-(", "<3 <3 <3", "love<3", "number 1 is 2.5 good",
        "GOOD", "Good", "good", "GOOD good", "ǅ good GOOD",
        "\"good\"", "'great'", "(bad)", "ab.", "ok.", "ok!", "good...", "...good",
        "good,bad", "good-bad", "good/bad", "U.S. good", "NO GOOD", "no GOOD",
        "VERY good", "very GOOD", "VERY GOOD", "VERY GOOD thing",
        "it couldn't be good", "it COULDN'T be GOOD", "it shouldn't've been good",
        "it is UNBELIEVABLY good", "it is unbelievably GOOD!", "it is Unbelievably good",
        "x" * 70 + " good", "good " + "Y" * 70, "GOOD " + "y" * 70, "not " + "a" * 63 + " good",
        "good\u2019s not good", "it isn\u2019t good", "it isn't good\u00a0", "don't\u3000like",
        "wasn't", "n't good", "N'T good", "thisisaverylongwordthatisnotinthelexicon good",
        "heartbreakingly good", "b\u00e0d good", "\u212aill them", "KILL them all",
    ]
    return [("fixed", t) for t in c]


def random_case(rng):
    pools = [NEGATIONS, BOOSTERS, SENTI, SENTI, NEUTRAL, NEUTRAL, NEUTRAL, IDIOMS, EMOJI,
             EMOTICONS]
    n = rng.randint(1, 14)
    words = []
    for _ in range(n):
        w = rng.choice(rng.choice(pools))
        r = rng.random()
        if r < 0.08:
            w = w.upper()
        elif r < 0.12:
            w = w.capitalize()
        if rng.random() < 0.15:
            w += rng.choice(PUNCT)
        if rng.random() < 0.05:
            w = rng.choice(["\"", "(", "'", "..."]) + w
        words.append(w)
    seps = [" "] * 20 + ["  ", "\t", "\n", "\u00a0", "", ", "]
    text = ""
    for k, w in enumerate(words):
        text += (rng.choice(seps) if k else "") + w
    if rng.random() < 0.5:
        text += rng.choice(PUNCT)
    if rng.random() < 0.05:
        text = " " + text + " "
    return text


def long_cases(rng):
    out = []
    for k in range(40):
        n = rng.randint(100, 1500)
        text = " ".join(rng.choice(SENTI + NEUTRAL + NEGATIONS + BOOSTERS) for _ in range(n))
        out.append(("long", text))
    return out


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: gen_vader_cases.py SEEDS_DIR OUT.jsonl [--lexicon PATH]")
    seeds_dir, out_path = sys.argv[1], sys.argv[2]
    lex_path = None
    if "--lexicon" in sys.argv:
        lex_path = sys.argv[sys.argv.index("--lexicon") + 1]
    rng = random.Random(SEED)
    cases = seed_sentences(seeds_dir)
    cases += fixed_cases()
    if lex_path:
        keys = lexicon_keys(lex_path)
        for k in keys:
            cases.append(("lex", k))
        for k in keys:
            tmpl = rng.choice(["it is {}", "not {} at all", "very {}!", "{} but ok", "the {} one",
                               "I was {} and {}", "so {}", "she is {}?", "NOT {}", "{} {} {}"])
            w = k.upper() if rng.random() < 0.2 else k
            cases.append(("lex-context", tmpl.replace("{}", w)))
    for _ in range(12000):
        cases.append(("random", random_case(rng)))
    for x in range(-5, 30):
        cases.append(("number", f"{x} {rng.choice(SENTI)} {x * 0.5}"))
    cases += long_cases(rng)
    with open(out_path, "w", encoding="utf-8") as f:
        for i, (kind, text) in enumerate(cases):
            f.write(json.dumps({"id": i, "kind": kind, "text": text}, ensure_ascii=False) + "\n")
    print(f"wrote {len(cases)} cases to {out_path}", file=sys.stderr)


if __name__ == "__main__":
    main()
