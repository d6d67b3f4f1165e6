"""How the editors' picks sit in their grid (components/editors_picks.html): one column on
a phone, then `MEDIUM` and `WIDE` column counts chosen for the number of picks, so every
row is full at every width. Picks that cannot fill a row are left out (5 picks show 4).

The CSS side: `.picks__list--m<n>` gives n columns from 40em, `.picks__list--w<n>` from
64em (static/masthead/css/site.css)."""

from dataclasses import dataclass

MEDIUM = (2, 1)  # column counts to try from 40em, widest first
WIDE = (4, 3, 2)  # and from 64em


@dataclass(frozen=True)
class Grid:
    items: list
    medium: int
    wide: int

    @property
    def classes(self):
        return f"picks__list--m{self.medium} picks__list--w{self.wide}"


def fit_grid(items):
    """The first picks of `items` that fill whole rows, with a column count for each width:
    one pick alone, else the most that some wide count divides (5 -> 4, 7 -> 6)."""
    items = list(items)
    count = len(items)
    while count > 1 and not any(count % columns == 0 for columns in WIDE):
        count -= 1
    if count <= 1:
        return Grid(items[:count], 1, 1)
    wide = next(columns for columns in WIDE if count % columns == 0)
    medium = next(columns for columns in MEDIUM if count % columns == 0)
    return Grid(items[:count], medium, wide)
