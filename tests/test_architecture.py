"""The pure layers stay pure: scrapers/, matching/ and dashboards/ never import Django."""

import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _modules(package: str) -> list[str]:
    path = ROOT / package
    found = pkgutil.walk_packages([str(path)], prefix=f"{package}.")
    return [package, *(info.name for info in found)]


@pytest.mark.parametrize("package", ["scrapers", "matching", "dashboards"])
def test_pure_package_does_not_import_django(package: str) -> None:
    modules = _modules(package)
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules\n"
        "             if m == 'django' or m.startswith(('django.', 'parvaipret')))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"{package} imports {result.stdout.strip()}"
