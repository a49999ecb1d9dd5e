"""Reproducible installs (issue 16, item 5): `make` installs every dependency from requirements.lock, and the lock
must agree with pyproject.toml — every dependency (the extras' too, and what they need in turn) pinned exactly,
at a version pyproject's specifier accepts."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def pins(text: str) -> dict[str, Version]:
    """The lock's pins by canonical name; any requirement line that is not ``name==version`` fails."""
    found: dict[str, Version] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", "--hash")):
            continue
        match = PIN.match(line)
        assert match, f"requirements.lock: not an exact pin: {line!r}"
        found[canonicalize_name(match.group(1))] = Version(match.group(2))
    return found


def project_requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project.get("optional-dependencies", {})
    return [Requirement(r) for r in project["dependencies"] + [r for group in extras.values() for r in group]]


def disagreements(requirements: list[Requirement], locked: dict[str, Version]) -> list[str]:
    """What the lock lacks or pins outside a specifier, for these requirements and (through the installed
    packages' metadata) everything they need on this machine."""
    problems, seen = [], set()
    queue = [(r, "pyproject.toml") for r in requirements]
    while queue:
        requirement, wanted_by = queue.pop()
        name = canonicalize_name(requirement.name)
        pinned = locked.get(name)
        if pinned is None:
            problems.append(f"{requirement.name} (needed by {wanted_by}) is not pinned in requirements.lock")
            continue
        if not requirement.specifier.contains(pinned, prereleases=True):
            problems.append(f"{requirement.name}=={pinned} does not satisfy {requirement} ({wanted_by})")
        key = (name, frozenset(requirement.extras))
        if key in seen:
            continue
        seen.add(key)
        try:
            installed = metadata.distribution(requirement.name)
        except metadata.PackageNotFoundError:
            problems.append(f"{requirement.name} is not installed: run make")
            continue
        if Version(installed.version) != pinned:
            problems.append(f"{requirement.name} {installed.version} is installed, the lock pins {pinned}: run make")
            continue
        for line in installed.requires or []:
            needed = Requirement(line)
            if needed.marker is None or any(needed.marker.evaluate({"extra": e})
                                            for e in {"", *requirement.extras}):
                queue.append((needed, f"{requirement.name}{sorted(requirement.extras) or ''}"))
    return problems


def test_the_lock_pins_every_dependency_of_pyproject_within_its_specifier():
    assert disagreements(project_requirements(), pins((ROOT / "requirements.lock").read_text())) == []


def test_a_lock_that_disagrees_with_pyproject_is_caught():
    locked = pins((ROOT / "requirements.lock").read_text())
    holidays = locked["holidays"]
    missing = {name: version for name, version in locked.items() if name != "holidays"}
    assert disagreements(project_requirements(), missing) == [
        "holidays (needed by pyproject.toml) is not pinned in requirements.lock"]
    too_new = [Requirement(f"holidays<{holidays}")]
    assert disagreements(too_new, locked) == [f"holidays=={holidays} does not satisfy holidays<{holidays} "
                                              "(pyproject.toml)"]
    without_idna = {name: version for name, version in locked.items() if name != "idna"}  # needed by email-validator
    assert any(p.startswith("idna (needed by ") for p in disagreements(project_requirements(), without_idna))
    assert "not an exact pin" in _refusal("flask>=3.1\n")


def _refusal(text: str) -> str:
    try:
        pins(text)
    except AssertionError as error:
        return str(error)
    return ""


def test_make_installs_from_the_lock():
    makefile = (ROOT / "Makefile").read_text()
    assert "$(BIN)/pip install -q -r requirements.lock" in makefile
    assert "$(BIN)/pip install -q --no-deps -e ." in makefile
    assert "$(STAMP): pyproject.toml requirements.lock" in makefile
