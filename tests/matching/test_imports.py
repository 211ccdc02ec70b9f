"""The matching engine imports nothing but numpy and the standard library."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]


def test_matching_imports_only_numpy_and_the_standard_library() -> None:
    script = (
        "import json, sys; import matching, matching.synthetic; "
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    completed = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=REPOSITORY
    )
    top_level = set(json.loads(completed.stdout))
    foreign = top_level - set(sys.stdlib_module_names) - {"numpy", "matching"}

    assert not {name for name in foreign if not name.startswith("_")}, foreign
    assert "django" not in top_level
