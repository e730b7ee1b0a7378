"""Shared pieces of the fuzz targets (issue 7): importing the library under atheris coverage,
the invariants every output must meet, a guard that notices network or file access while a feed is
parsed, and a runner that uses atheris (libFuzzer) when it is installed and plain hypothesis
otherwise.

    python fuzz/fuzz_extract.py -max_total_time=60 WORK_DIR fuzz/corpus/extract   # atheris
    python fuzz/fuzz_extract.py --hypothesis 60                                    # fallback
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
# Every module a target can reach, imported up front so that atheris instruments all of them.
MODULES = [
    "arabic_outage",
    "arabic_outage.api",
    "arabic_outage.batch",
    "arabic_outage.cues",
    "arabic_outage.normalize",
    "arabic_outage.pipeline",
    "arabic_outage.components",
    "arabic_outage.readers",
    "arabic_outage.extract",
    "arabic_outage.temporal",
]


def use_atheris(argv: list[str]) -> bool:
    if "--hypothesis" in argv:
        return False
    try:
        import atheris  # noqa: F401
    except ImportError:
        print("atheris is not installed: running the hypothesis fallback", file=sys.stderr)
        return False
    return True


def import_library(instrument: bool) -> None:
    import importlib

    if instrument:
        import atheris

        with atheris.instrument_imports(include=["arabic_outage"]):
            for name in MODULES:
                importlib.import_module(name)
    else:
        for name in MODULES:
            importlib.import_module(name)


# ---------------------------------------------------------------- invariants


def spans(value: Any, where: str = "record") -> Iterator[tuple[str, Any]]:
    """Every Span anywhere in a record (walked generically, so no field is ever missed)."""
    from pydantic import BaseModel

    from arabic_outage.schema import Span

    if isinstance(value, Span):
        yield where, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from spans(getattr(value, name), f"{where}.{name}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from spans(v, f"{where}[{i}]")


_VALIDATOR: list[Any] = []


def validator() -> Any:
    if not _VALIDATOR:
        import jsonschema

        import arabic_outage

        schema = json.loads((Path(arabic_outage.__file__).parent / "schema.json").read_text())
        _VALIDATOR.append(jsonschema.Draft202012Validator(schema))
    return _VALIDATOR[0]


def check_record(text: str, record: Any) -> str:
    """Spans point at their text in the input; the record fits the schema. Returns its JSON."""
    for where, span in spans(record):
        if not (0 <= span.start <= span.end <= len(text)):
            raise AssertionError(f"{where}: span {span} outside a text of {len(text)} chars")
        if text[span.start : span.end] != span.text:
            raise AssertionError(
                f"{where}: {span} but the text there is {text[span.start : span.end]!r}"
            )
    dumped = str(record.model_dump_json())
    errors = list(validator().iter_errors(json.loads(dumped)))
    if errors:
        raise AssertionError(f"record breaks the schema: {errors[0].message} at {errors[0].path}")
    return dumped


# ---------------------------------------------------------------- no network, no stray files

_VIOLATIONS: list[str] = []
_GUARDING: list[bool] = [False]
_NETWORK_EVENTS = {"socket.connect", "socket.getaddrinfo", "urllib.Request", "http.client.connect"}


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if not _GUARDING[0]:
        return
    if event in _NETWORK_EVENTS:
        _VIOLATIONS.append(f"{event} {args[:2]!r}")
    elif event == "open" and args and isinstance(args[0], str | bytes):
        path = args[0].decode(errors="replace") if isinstance(args[0], bytes) else args[0]
        if path.startswith(("/etc/", "/proc/")) or "canary" in path:
            _VIOLATIONS.append(f"open {path!r}")


def guarded(call: Callable[[], Any]) -> Any:
    """Run `call`; fail if it touched the network or opened a sensitive file (an XXE)."""
    if _audit not in _HOOKED:
        sys.addaudithook(_audit)
        _HOOKED.append(_audit)
    _VIOLATIONS.clear()
    _GUARDING[0] = True
    try:
        return call()
    finally:
        _GUARDING[0] = False
        if _VIOLATIONS:
            raise AssertionError(f"external access while parsing: {_VIOLATIONS}")


_HOOKED: list[Any] = []


# ---------------------------------------------------------------- runners


def seeds(target: str) -> list[bytes]:
    return [p.read_bytes() for p in sorted((CORPUS / target).iterdir()) if p.is_file()]


def mutate(data: bytes, rng: random.Random, pool: list[bytes]) -> bytes:
    """A few byte-level edits in the spirit of libFuzzer's: flip, insert, delete, splice, repeat."""
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        op = rng.randrange(6)
        pos = rng.randint(0, len(buf))
        if op == 0 and buf:
            buf[min(pos, len(buf) - 1)] = rng.randrange(256)
        elif op == 1:
            buf[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 4)))
        elif op == 2:
            del buf[pos : pos + rng.randint(1, 16)]
        elif op == 3 and pool:
            other = rng.choice(pool)
            a = rng.randint(0, len(other))
            buf[pos:pos] = other[a : a + rng.randint(1, 64)]
        elif op == 4:
            chunk = bytes(buf[pos : pos + rng.randint(1, 8)])
            buf[pos:pos] = chunk * rng.randint(2, 50)
        else:
            buf[pos:pos] = rng.choice(
                ["\u200f", "\u202e", "\u200d", "\ufeff", "ـ", "ً", "٣", "۳", "😀", "&", "<", "]]>"]
            ).encode()
    return bytes(buf[:8192])


def hypothesis_fuzz(target: str, test_one_input: Callable[[bytes], None], seconds: float) -> int:
    """The same target under plain hypothesis: seeds, mutated seeds and raw bytes, for `seconds`."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st

    pool = seeds(target)
    for data in pool:
        test_one_input(data)
    inputs = st.one_of(
        st.tuples(st.sampled_from(pool), st.integers(0, 2**32)).map(
            lambda p: mutate(p[0], random.Random(p[1]), pool)
        ),
        st.binary(max_size=2048),
        st.text(max_size=512).map(lambda t: t.encode("utf-8", "surrogatepass")),
    )
    runs = [0]

    @settings(
        max_examples=50,
        deadline=None,
        database=None,
        phases=[Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    @given(inputs)
    def batch(data: bytes) -> None:
        runs[0] += 1
        test_one_input(data)

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        batch()
    print(f"hypothesis fuzz {target}: {runs[0]} inputs, no failure", file=sys.stderr)
    return 0


def main(target: str, test_one_input: Callable[[bytes], None], setup: Callable[[], None]) -> int:
    argv = list(sys.argv)
    if use_atheris(argv):
        import atheris

        import_library(instrument=True)
        setup()
        atheris.Setup(argv, test_one_input)
        atheris.Fuzz()
        return 0
    import_library(instrument=False)
    setup()
    numbers = [a for a in argv[1:] if a.replace(".", "", 1).isdigit()]
    return hypothesis_fuzz(target, test_one_input, float(numbers[0]) if numbers else 60.0)
