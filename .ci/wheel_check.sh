#!/usr/bin/env bash
# The package pip installed (a wheel, built by `pip install .`) must work with no checkout in
# sight: models/ travels inside it. Also list the built wheel to show the resources are there.
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python -m build --wheel --outdir "$tmp/dist" . >/dev/null
python - "$tmp"/dist/*.whl <<'PY'
import sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
for need in ("arabic_outage/models/ar_outage/config.cfg", "arabic_outage/models/lexicons/vendors.yaml",
             "arabic_outage/py.typed", "arabic_outage/schema.json"):
    assert need in names, f"{need} missing from the wheel"
print(f"wheel holds {len(names)} files")
PY
cd "$tmp"
python - <<'PY'
import arabic_outage, pathlib
from arabic_outage.paths import models_dir
assert "site-packages" in str(models_dir()), models_dir()
rec = arabic_outage.extract("أعلنت شركة ميتا عودة خدمات واتساب للعمل بعد انقطاع استمر قرابة ساعتين")
assert rec.is_outage and rec.vendor.name == "Meta" and rec.duration.minutes == 120, rec
print("installed package ok:", pathlib.Path(arabic_outage.__file__).parent)
PY
