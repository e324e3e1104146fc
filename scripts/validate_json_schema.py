#!/usr/bin/env python3
"""Validate JSON documents against a JSON Schema (Draft 2020-12) with the `jsonschema` package.

Usage: validate_json_schema.py SCHEMA DOCUMENT...
Prints one line per error (`DOCUMENT: $.path: message`) and exits 1 if there are any.
"""
import json
import sys

import jsonschema


def main() -> int:
    schema_path, docs = sys.argv[1], sys.argv[2:]
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    bad = 0
    for path in docs:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        for err in validator.iter_errors(doc):
            bad += 1
            print(f"{path}: {err.json_path}: {err.message}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
