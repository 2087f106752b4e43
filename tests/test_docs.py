"""Docs that cannot rot: generated references are current and every setting/command is documented."""

import importlib.util

from tests.conftest import REPO


def _gen() -> object:
    spec = importlib.util.spec_from_file_location("gen_docs", REPO / "scripts" / "gen_docs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_and_settings_references_are_current() -> None:
    gen = _gen()
    assert (REPO / "docs" / "cli.md").read_text("utf-8") == gen.cli_reference(), "run scripts/gen_docs.py"  # type: ignore[attr-defined]
    assert (REPO / "docs" / "settings.md").read_text("utf-8") == gen.settings_reference(), "run scripts/gen_docs.py"  # type: ignore[attr-defined]


def test_readme_commands_are_what_ci_runs() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    first_block = readme.split("```")[1]
    assert "make demo" in first_block and "make test" in first_block
    assert "make test" in (REPO / ".ci" / "run").read_text("utf-8")


def test_every_eval_task_is_documented() -> None:
    from rasd.eval import TASKS

    text = (REPO / "docs" / "evaluation.md").read_text("utf-8")
    for task in TASKS:
        assert f"rasd eval {task}" in text, task


def test_docs_links_exist() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    for part in readme.split("](")[1:]:
        target = part.split(")")[0]
        if not target.startswith("http"):
            assert (REPO / target).exists(), target
