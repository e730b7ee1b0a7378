"""The command line: `arabic-outage extract INPUT -o OUTPUT.jsonl`."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from .paths import models_dir


def read_items(source: str) -> Iterator[dict[str, Any]]:
    """JSONL of {"id", "text", "published"}, a .txt article, or "-" for JSONL on stdin.

    A line that is not valid JSON becomes an item that carries the error, so it is reported in the
    output instead of being lost.
    """
    # Hardening (issue 7): input is read as bytes and decoded here, so undecodable bytes give an
    # error record naming the file (or line) and the byte offset, not a UnicodeDecodeError that
    # ends the run and loses every later item.
    from .readers import decode_utf8

    if source.endswith(".txt"):
        path = Path(source)
        text, bad = decode_utf8(path.read_bytes())
        if bad:
            yield {"id": path.stem, "error": f"{source}: invalid UTF-8 at byte offset {bad[0]}"}
            return
        yield {"id": path.stem, "text": text, "published": None}
        return
    stream: BinaryIO = sys.stdin.buffer if source == "-" else open(source, "rb")  # noqa: SIM115
    offset = 0
    with stream:
        for n, raw in enumerate(stream, 1):
            line_start, offset = offset, offset + len(raw)
            line, bad = decode_utf8(raw)
            if bad:
                at = line_start + bad[0]
                reason = f"{source}: invalid UTF-8 on line {n} at byte offset {at}"
                yield {"id": f"{source}:{n}", "error": reason}
                continue
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                if not isinstance(item, dict):
                    raise ValueError("a line must hold a JSON object")
            except ValueError as exc:
                yield {"id": f"{source}:{n}", "error": f"invalid JSON on line {n}: {exc}"}
                continue
            item.setdefault("id", f"{source}:{n}")
            yield item


def cmd_extract(args: argparse.Namespace) -> int:
    from .api import error_record, load

    extractor = load(args.model)
    out = sys.stdout if args.output in (None, "-") else open(args.output, "w", encoding="utf-8")  # noqa: SIM115
    count = 0
    with out:
        for item in read_items(args.input):
            if "error" in item:
                record = error_record(str(item["id"]), item["error"])
            else:
                record = extractor.safe(item)
            out.write(record.model_dump_json(exclude_none=False) + "\n")
            count += 1
    print(f"{count} records", file=sys.stderr)
    return 0


def cmd_example(args: argparse.Namespace) -> int:
    """Extract the bundled example article and print its record."""
    from .api import extract

    example = json.loads((models_dir() / "examples" / "seed.json").read_text(encoding="utf-8"))
    record = extract(example["text"], published=example.get("published"), id=example["id"])
    print(record.model_dump_json(indent=2))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    """Print (or write) the record's JSON Schema."""
    from .schema import json_schema

    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    from .batch import add_batch_parser

    parser = argparse.ArgumentParser(prog="arabic-outage", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("extract", help="one incident record per input article, as JSONL")
    p.add_argument("input", help="JSONL of {id, text, published}, a .txt file, or - for stdin")
    p.add_argument("-o", "--output", help="output JSONL (default: stdout)")
    p.add_argument("--model", help="a saved pipeline folder (default: the shipped one)")
    p.set_defaults(func=cmd_extract)
    p = sub.add_parser("example", help="extract the bundled example article and print its record")
    p.set_defaults(func=cmd_example)
    p = sub.add_parser("schema", help="the record's JSON Schema")
    p.add_argument(
        "-o", "--output", help="write it here (the repo keeps arabic_outage/schema.json)"
    )
    p.set_defaults(func=cmd_schema)
    add_batch_parser(sub)
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
