"""Language data lives in data files (models/grammar/<module>.yaml), the code stays generic."""

from __future__ import annotations

import ast
import re
import unicodedata
from pathlib import Path

import pytest

from arabic_outage import grammar
from arabic_outage.disk_cache import load_yaml
from arabic_outage.paths import models_dir

PACKAGE = Path(grammar.__file__).resolve().parent
GRAMMAR_DIR = models_dir() / "grammar"


def _arabic_letter(ch: str) -> bool:
    return unicodedata.category(ch).startswith("L") and unicodedata.name(ch, "").startswith(
        "ARABIC"
    )


def _prose(tree: ast.AST) -> set[int]:
    """The string constants written for people, not rules: docstrings, the message of a raised
    exception, a field's `description=`."""
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                out.add(id(body[0].value))
        elif isinstance(node, ast.Raise) and node.exc is not None:
            out.update(id(n) for n in ast.walk(node.exc))
        elif isinstance(node, ast.keyword) and node.arg == "description":
            out.update(id(n) for n in ast.walk(node.value))
    return out


def test_no_arabic_in_code():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        prose = _prose(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in prose
                and any(map(_arabic_letter, node.value))
            ):
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {node.value!r}")
    assert not offenders, "Arabic in code; move it to models/grammar/<module>.yaml:\n" + "\n".join(
        offenders
    )


def _files() -> list[Path]:
    return sorted(GRAMMAR_DIR.glob("*.yaml"))


def test_grammar_files_exist():
    assert _files(), f"no data files in {GRAMMAR_DIR}"


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.name)
def test_grammar_file_loads_and_compiles(path: Path):
    data = load_yaml(path)
    assert isinstance(data, dict) and data, path
    assert data == grammar.load(path.stem)
    for name, value in data.items():
        assert isinstance(name, str) and re.fullmatch(r"[a-z][a-z0-9_]*", name), (path, name)
        if isinstance(value, str):
            grammar.pattern(path.stem, name)  # every string is a regex source or piece of one
            assert grammar.text(path.stem, name) == value
        elif isinstance(value, list):
            words = grammar.words(path.stem, name)
            assert words and all(words), (path, name)
        else:
            table = grammar.table(path.stem, name)
            assert table, (path, name)


@pytest.mark.parametrize("path", _files(), ids=lambda p: p.name)
def test_grammar_file_is_used(path: Path):
    """Every entry is read by its module (no stale data)."""
    module = path.stem
    code = "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py"))
    for name in grammar.load(module):
        assert f'"{module}", "{name}"' in code, f"{path.name}: {name} is read nowhere"


def test_missing_entry_names_file_and_key():
    with pytest.raises(KeyError) as err:
        grammar.text("timeline", "no_such_entry")
    message = str(err.value)
    assert "timeline.yaml" in message and "no_such_entry" in message


def test_missing_file_is_clear():
    with pytest.raises(FileNotFoundError, match="no_such_module"):
        grammar.words("no_such_module", "anything")


def test_wrong_kind_is_clear():
    with pytest.raises(TypeError, match="scheduled"):
        grammar.words("timeline", "scheduled")
    with pytest.raises(TypeError, match="clause_openers"):
        grammar.text("timeline", "clause_openers")


def test_backslashes_survive():
    """A regex source round-trips through YAML with its escapes intact."""
    assert grammar.pattern("timeline", "scheduled").pattern.startswith("\\s+(?:")
    assert grammar.pattern("timeline", "scheduled").match(" من موعد")
