"""bin/preflight: `make test` stops at once, naming exactly what to install, when it
cannot install the system packages itself (not root)."""

import os
import shutil
import subprocess
import sys

import pytest

from .helpers import ROOT

BASH = shutil.which("bash") or "/bin/bash"


def _system(tmp_path, *, with_chromium: bool, uid: int) -> dict:
    """A PATH holding only Python 3.11, apt-get, pg_dump and an `id` saying `uid`."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python3.11").symlink_to(sys.executable)
    (bin_dir / "id").write_text(f"#!{BASH}\necho {uid}\n")
    (bin_dir / "id").chmod(0o755)
    for tool in ["apt-get", "pg_dump", "pg_restore"] + (["chromium"] if with_chromium else []):
        (bin_dir / tool).write_text(f"#!{BASH}\nexit 0\n")
        (bin_dir / tool).chmod(0o755)
    return {"PATH": str(bin_dir), "HOME": str(tmp_path), "DATABASE_URL": "postgres:///x"}


def _preflight(env: dict, what: str = "test") -> subprocess.CompletedProcess:
    return subprocess.run(
        [BASH, str(ROOT / "bin" / "preflight"), what],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )


@pytest.mark.skipif(not os.path.exists("/usr/bin/apt-get"), reason="Debian only")
def test_without_root_a_missing_chromium_stops_with_the_exact_command(tmp_path):
    result = _preflight(_system(tmp_path, with_chromium=False, uid=1000))
    assert result.returncode == 1
    assert "sudo apt-get install chromium" in result.stderr
    assert result.stderr.count("\n") == 1  # one clear line


def test_a_complete_system_passes(tmp_path):
    result = _preflight(_system(tmp_path, with_chromium=True, uid=1000))
    assert result.returncode == 0, result.stderr


def test_another_python_stops_before_anything_is_installed(tmp_path):
    env = _system(tmp_path, with_chromium=True, uid=1000)
    result = _preflight({**env, "PYTHON": "/nonexistent/python3.11"}, "python")
    assert result.returncode == 1
    assert "python3.11" in result.stderr
