"""The years the statutory calendar covers (``deadlines.calendar``): no legal date outside them can be computed, so
no form or API takes one."""

from datetime import date

FIRST_YEAR, LAST_YEAR = 2000, 2040
FIRST_DAY, LAST_DAY = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)
