"""The statutory calendar and rule packs. Pure: no Flask, no database session."""

from aarhus.deadlines.calendar import Calendar, DayInfo, Override
from aarhus.deadlines.engine import Deadline, Step, due, due_on
from aarhus.deadlines.rules import Rule, RuleNotFound, RulePack, load_pack_file

__all__ = [
    "Calendar", "DayInfo", "Override", "Deadline", "Step", "due", "due_on",
    "Rule", "RulePack", "RuleNotFound", "load_pack_file",
]
