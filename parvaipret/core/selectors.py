from parvaipret.core.versions import table_stamps
from parvaipret.legislation.models import Bill, Initiative
from parvaipret.parliament.models import Deputy, Faction, Vote
from parvaipret.participation.models import Question

# COUNT(published_at) counts the published questions only (a NULL is not counted).
_COUNTED = {
    "votes": ("COUNT(*)", Vote),
    "deputies": ("COUNT(*)", Deputy),
    "factions": ("COUNT(*)", Faction),
    "bills": ("COUNT(*)", Bill),
    "initiatives": ("COUNT(*)", Initiative),
    "questions": ("COUNT(published_at)", Question),
}


def home_counts() -> dict[str, int]:
    """The home page's figures, in one query (six ORM counts cost more to build than to run)."""
    row = table_stamps(list(_COUNTED.values()))
    return dict(zip(_COUNTED, (int(n) for n in row), strict=True))
