"""The tree shows the pipeline: import-linter's contracts (.importlinter) fail when an import runs back up it."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_imports_flow_one_way():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--config", str(ROOT / ".importlinter"), "--no-cache"], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 kept, 0 broken" in result.stdout, result.stdout


def test_each_stage_says_what_it_owns_and_may_import():
    for package in ("ingest", "model", "search", "answer", "answer/understand", "answer/route", "answer/rank",
                    "answer/extract", "answer/write", "library", "ui"):
        doc = (ROOT / "rag" / package / "__init__.py").read_text(encoding="utf-8")
        assert doc.startswith('"""') and "import" in doc, package


def test_top_of_rag_is_only_nouns_settings_files_and_cli():
    top = sorted(p.name for p in (ROOT / "rag").glob("*.py"))
    assert top == ["__init__.py", "__main__.py", "config.py", "files.py", "types.py"], top


def test_nothing_imports_the_app():
    for path in [*ROOT.glob("rag/**/*.py"), *ROOT.glob("index/*.py"), *ROOT.glob("eval/**/*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        names += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        assert not any(n == "app" or n.startswith("app.") for n in names), path
