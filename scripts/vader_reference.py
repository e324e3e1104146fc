#!/usr/bin/env python3
"""Score sentences with the real vaderSentiment 3.3.2 (the parity reference).

Usage: vader_reference.py IN.jsonl OUT.jsonl
       vader_reference.py --round IN.jsonl OUT.jsonl

IN has {"id": N, "text": "..."} per line; OUT gets {"id", "neg", "neu", "pos", "compound"}
with floats written by json (repr-exact, round-trips to the same double).
With --round, IN has {"x": float, "digits": d} and OUT gets {"value": round(x, d)}.
Exit code 3 if vaderSentiment 3.3.2 is not importable.
"""
import json
import sys


def main():
    args = sys.argv[1:]
    round_mode = bool(args) and args[0] == "--round"
    if round_mode:
        args = args[1:]
    if len(args) != 2:
        sys.exit("usage: vader_reference.py [--round] IN.jsonl OUT.jsonl")
    src, dst = args
    if round_mode:
        with open(src, encoding="utf-8") as f, open(dst, "w", encoding="utf-8") as out:
            for line in f:
                d = json.loads(line)
                out.write(json.dumps({"value": round(d["x"], d["digits"])}) + "\n")
        return
    try:
        from importlib.metadata import version
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
        v = version("vaderSentiment")
    except Exception as e:  # noqa: BLE001 - any import problem means "not installed"
        print(f"vaderSentiment is not importable ({e}); install it with: "
              f"{sys.executable} -m pip install vaderSentiment==3.3.2", file=sys.stderr)
        sys.exit(3)
    if v != "3.3.2":
        print(f"vaderSentiment {v} found, 3.3.2 needed: "
              f"{sys.executable} -m pip install vaderSentiment==3.3.2", file=sys.stderr)
        sys.exit(3)
    analyzer = SentimentIntensityAnalyzer()
    with open(src, encoding="utf-8") as f, open(dst, "w", encoding="utf-8") as out:
        for line in f:
            d = json.loads(line)
            s = analyzer.polarity_scores(d["text"])
            out.write(json.dumps({"id": d["id"], "neg": s["neg"], "neu": s["neu"],
                                  "pos": s["pos"], "compound": s["compound"]}) + "\n")


if __name__ == "__main__":
    main()
