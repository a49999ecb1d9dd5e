"""Import every model module so the metadata (and migrations) know all tables."""

from aarhus import cache  # noqa: F401  (SiteState)
from aarhus.accounts import models as accounts  # noqa: F401
from aarhus.audit import models as audit  # noqa: F401
from aarhus.bodies import models as bodies  # noqa: F401
from aarhus.hearings import models as hearings  # noqa: F401
from aarhus.legal import models as legal  # noqa: F401
from aarhus.notify import models as notify  # noqa: F401
from aarhus.reports import models as reports  # noqa: F401
from aarhus.requests import models as requests  # noqa: F401
