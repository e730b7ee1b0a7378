"""Cold start: `import arabic_outage` loads neither torch (thinc would import it, ~2.5 s), nor
camel-tools (~1 s, replaced by a shipped table), nor spaCy's command line (~0.5 s); torch and the
command line stay usable afterwards."""

import json
import os
import subprocess
import sys

CODE = """
import json, sys
import arabic_outage
arabic_outage.extract("تعطل واتساب مساء أمس لمدة ساعتين")
loaded = {m.split(".")[0] for m in sys.modules}
import thinc.compat
import torch  # still importable: the block on it ends once spaCy is loaded
print(json.dumps({"torch": "torch" in loaded, "camel_tools": "camel_tools" in loaded,
                  "thinc_torch": thinc.compat.has_torch, "sum": float(torch.ones(2).sum())}))
"""


def _run(code: str, **env: str) -> object:
    environ = {k: v for k, v in os.environ.items() if k != "ARABIC_OUTAGE_TORCH"} | env
    out = subprocess.run(
        [sys.executable, "-c", code], env=environ, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_import_and_extract_load_neither_torch_nor_camel_tools() -> None:
    expected = {"torch": False, "camel_tools": False, "thinc_torch": False, "sum": 2.0}
    assert _run(CODE) == expected


def test_env_var_restores_torch() -> None:
    code = "import arabic_outage, thinc.compat, json; print(json.dumps(thinc.compat.has_torch))"
    assert _run(code, ARABIC_OUTAGE_TORCH="1") is True


def test_spacy_command_line_deferred_and_still_usable() -> None:
    code = """
import json, sys
import arabic_outage
arabic_outage.extract("تعطل واتساب مساء أمس لمدة ساعتين")
deferred = [m for m in ("spacy.cli", "typer", "requests", "jinja2") if m in sys.modules]
import spacy
info = spacy.info()
from spacy.cli import info as real
print(json.dumps({"loaded": deferred, "version": info["spacy_version"] == spacy.__version__,
                  "cli": real.__module__}))
"""
    assert _run(code) == {"loaded": [], "version": True, "cli": "spacy.cli.info"}
