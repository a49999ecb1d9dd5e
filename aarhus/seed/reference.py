"""Reference data every installation needs: the regions, their akimats, the ministry and its
centre, and the rule pack in force. No account is made here.

``flask --app aarhus db upgrade`` loads it after the schema reaches the head revision
(migrations/env.py), so a production install can create its first officer straight away;
``demo`` loads it too. Idempotent: only what is missing is added.
"""

from __future__ import annotations

from flask import current_app

from aarhus.bodies import operations as bodies
from aarhus.core.extensions import db
from aarhus.deadlines import load_pack_file
from aarhus.legal.operations import load_pack


def load_reference() -> None:
    """Add whatever reference data the database lacks, and commit."""
    bodies.seed_bodies()
    load_pack(load_pack_file(current_app.config["AARHUS"].rule_pack))
    db.session.commit()
