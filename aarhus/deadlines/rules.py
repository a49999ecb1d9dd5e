"""Rule packs: statutory periods as versioned data, each with its legal basis."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

PACKS_DIR = Path(__file__).with_name("packs")
DIRECTIONS = ("forward", "backward")
UNITS = ("calendar", "working")


class RuleNotFound(LookupError):
    """No rule with this code, or none in force on the given day."""


@dataclass(frozen=True)
class Rule:
    """One version of a statutory period."""

    code: str
    direction: str  # forward: after the trigger; backward: before it
    unit: str  # calendar | working
    length: int
    effective_from: date
    effective_to: date | None = None  # inclusive; None while in force
    legal_basis: dict[str, str] = field(default_factory=dict)
    title: dict[str, str] = field(default_factory=dict)
    trigger: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.direction not in DIRECTIONS:
            raise ValueError(f"{self.code}: direction must be one of {DIRECTIONS}")
        if self.unit not in UNITS:
            raise ValueError(f"{self.code}: unit must be one of {UNITS}")
        if self.length < 1:
            raise ValueError(f"{self.code}: length must be positive")
        if self.effective_to and self.effective_to < self.effective_from:
            raise ValueError(f"{self.code}: effective_to precedes effective_from")

    def in_force_on(self, day: date) -> bool:
        """True when this version governs a clock that started on ``day``."""
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)

    @classmethod
    def from_dict(cls, raw: dict) -> Rule:
        """Build a rule from its JSON form."""
        to = raw.get("effective_to")
        return cls(code=raw["code"], direction=raw["direction"], unit=raw["unit"],
                   length=int(raw["length"]),
                   effective_from=date.fromisoformat(raw["effective_from"]),
                   effective_to=date.fromisoformat(to) if to else None,
                   legal_basis=dict(raw.get("legal_basis", {})), title=dict(raw.get("title", {})),
                   trigger=dict(raw.get("trigger", {})))

    def to_dict(self) -> dict:
        """The JSON form of this rule."""
        return {"code": self.code, "direction": self.direction, "unit": self.unit,
                "length": self.length, "effective_from": self.effective_from.isoformat(),
                "effective_to": self.effective_to.isoformat() if self.effective_to else None,
                "legal_basis": self.legal_basis, "title": self.title, "trigger": self.trigger}


@dataclass(frozen=True)
class RulePack:
    """A named set of rule versions; a case is judged by the version in force when its clock started."""

    name: str
    rules: tuple[Rule, ...]

    @property
    def codes(self) -> list[str]:
        """Every rule code of the pack, in the pack's order."""
        return list(dict.fromkeys(r.code for r in self.rules))

    def rule(self, code: str, on: date) -> Rule:
        """The version of ``code`` in force on ``on``."""
        versions = [r for r in self.rules if r.code == code]
        if not versions:
            raise RuleNotFound(code)
        for version in versions:
            if version.in_force_on(on):
                return version
        raise RuleNotFound(f"{code} on {on.isoformat()}")

    def latest(self, code: str) -> Rule:
        """The most recent version of ``code`` (for titles and descriptions)."""
        versions = sorted((r for r in self.rules if r.code == code), key=lambda r: r.effective_from)
        if not versions:
            raise RuleNotFound(code)
        return versions[-1]


def load_pack_file(name_or_path: str | Path) -> RulePack:
    """Read a pack shipped in ``packs/`` by name, or any pack file by path."""
    path = Path(name_or_path)
    if not path.suffix:
        path = PACKS_DIR / f"{name_or_path}.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    return RulePack(raw["name"], tuple(Rule.from_dict(r) for r in raw["rules"]))
