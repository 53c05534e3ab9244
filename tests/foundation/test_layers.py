"""The apps' layers (docs/architecture.md) are a contract that `make lint` checks with
import-linter: an app imports only the apps below it. A new upward import, also one hidden
inside a function, breaks the contract."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = str(Path(sys.executable).with_name("lint-imports"))


def _lint_imports(src: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [LINT_IMPORTS, "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=src.parent,
        env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_apps_keep_their_layers():
    result = _lint_imports(ROOT / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 1 kept, 0 broken." in result.stdout


def test_an_upward_import_inside_a_function_breaks_the_layers(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(
        ROOT / "src" / "hjemvej",
        src / "hjemvej",
        ignore=shutil.ignore_patterns("__pycache__", "static", "templates"),
    )
    selectors = src / "hjemvej" / "accounts" / "selectors.py"
    selectors.write_text(
        selectors.read_text()
        + "\n\ndef open_stays(user):\n"
        + "    from hjemvej.stays.models import Stay\n\n"
        + "    return Stay.objects.filter(citizen__acting_municipality__units__memberships__user=user)\n"
    )
    result = _lint_imports(src)
    assert result.returncode == 1
    assert "Contracts: 0 kept, 1 broken." in result.stdout
    assert "hjemvej.accounts is not allowed to import hjemvej.stays" in result.stdout
    assert "hjemvej.accounts.selectors -> hjemvej.stays.models" in result.stdout
