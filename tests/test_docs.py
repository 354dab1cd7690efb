"""The README and docs stay true: the walk-through works, the CLI help matches docs/cli.md."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from lessongen.cli import main
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_starts_with_the_two_setup_commands() -> None:
    """The README opens with the build command and the test command, as .ci/run runs it."""
    block = re.search(r"```sh\n(.*?)```", README, re.S)
    assert block
    lines = [line.split("#")[0].strip() for line in block.group(1).splitlines()]
    assert lines[:2] == ["uv run lessongen build", "uv run --extra dev pytest"]
    assert "uv run --extra dev pytest" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_walkthrough_edit_and_typo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Step 3 of the walk-through gives the error the README shows, then passes when fixed."""
    shutil.copytree(ROOT / "lessons", tmp_path / "lessons")
    monkeypatch.chdir(tmp_path)
    spec = Path("lessons/stalin-trotsky/01-succession.yaml")
    text = spec.read_text(encoding="utf-8")
    old = re.search(
        r"      - q: According to Source A, when did Lenin die\?\n(?:        .*\n){3}", text
    )
    new = re.search(r"```yaml\n(.*?)```", README.split("3. Change a question")[1], re.S)
    assert old and new
    indent = "\n".join(line[3:] for line in new.group(1).splitlines()) + "\n"
    spec.write_text(text.replace(old.group(0), indent), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "lessons/stalin-trotsky"])
    assert result.exit_code == 1
    shown = re.search(r"```\n\s*(lessons/[^\n]*)\n", README)
    assert shown and shown.group(1) in result.output
    spec.write_text(
        spec.read_text(encoding="utf-8").replace("January 21 1924", "January 21, 1924"), "utf-8"
    )
    result = CliRunner().invoke(main, ["check", "lessons/stalin-trotsky"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("ok: 3 lessons")


def _help(args: list[str]) -> str:
    result = CliRunner().invoke(main, [*args, "--help"], terminal_width=78)
    assert result.exit_code == 0
    return result.output.strip()


@pytest.mark.parametrize("command", [[], ["build"], ["check"], ["import"], ["new"], ["sources"]])
def test_cli_reference_matches_help(command: list[str]) -> None:
    """docs/cli.md quotes each command's --help exactly."""
    doc = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    heading = "## " + " ".join(["lessongen", *command])
    section = doc.split(heading + "\n", 1)[1]
    block = re.search(r"```[a-z]*\n(.*?)```", section, re.S)
    assert block, heading
    expected = _help(command).replace("Usage: main", "Usage: lessongen")
    assert block.group(1).strip() == expected


def test_every_command_is_in_the_readme() -> None:
    """Each CLI command is described in the README."""
    for name in main.commands:  # type: ignore[attr-defined]
        assert f"lessongen {name}" in README


def test_wheel_carries_the_default_templates(tmp_path: Path) -> None:
    """A wheel install (not only an editable one) finds the default templates and builds."""
    wheel_dir = tmp_path / "wheel"
    uv = shutil.which("uv")
    command = (
        [uv, "build", "--wheel", "-q", "--out-dir", str(wheel_dir), str(ROOT)]
        if uv
        else [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(wheel_dir),
            str(ROOT),
        ]
    )
    subprocess.run(command, check=True, capture_output=True)
    wheel = next(wheel_dir.glob("lessongen-*.whl"))
    target = tmp_path / "site"
    shutil.unpack_archive(wheel, target, "zip")
    assert (target / "lessongen" / "templates" / "worksheet.xml.j2").is_file()
    env = {**os.environ, "PYTHONPATH": str(target)}
    shutil.copytree(ROOT / "lessons" / "stalin-trotsky", tmp_path / "unit")
    run = subprocess.run(
        [sys.executable, "-c", "import lessongen.templating as t; print(t.default_template_dir())"],
        env=env,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
    )
    assert run.stdout.strip() == str(target / "lessongen" / "templates")
    build = subprocess.run(
        [sys.executable, "-m", "lessongen", "build", "unit", "-f", "pdf", "--only", "worksheet"],
        env=env,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert build.returncode == 0, build.stderr
    assert (tmp_path / "output" / "unit" / "01-succession" / "worksheet.pdf").is_file()
