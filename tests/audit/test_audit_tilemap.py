"""The tile map: every region one tile, no two on one place, coloured by violations per 100 hearings."""

from aarhus.audit import tilemap
from aarhus.bodies.operations import all_regions


def test_every_region_has_its_own_tile(app):
    from aarhus.bodies.operations import seed_bodies

    seed_bodies()
    codes = {region.code for region in all_regions()}
    assert len(codes) == 20 and set(tilemap.TILES) == codes
    assert len(set(tilemap.TILES.values())) == 20
    assert all(1 <= column <= 7 and 1 <= row <= 5 for column, row in tilemap.TILES.values())


def test_the_colour_classes():
    assert [tilemap.colour_class(rate) for rate in (None, 0, 1, 25, 26, 50, 51, 100, 101, 400)] == \
        ["bin-none", "bin-0", "bin-1", "bin-1", "bin-2", "bin-2", "bin-3", "bin-3", "bin-4", "bin-4"]
