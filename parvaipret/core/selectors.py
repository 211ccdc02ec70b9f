from parvaipret.legislation.models import Bill, Initiative
from parvaipret.parliament.models import Deputy, Faction, Vote
from parvaipret.participation.models import Question


def home_counts() -> dict[str, int]:
    return {
        "votes": Vote.objects.count(),
        "deputies": Deputy.objects.count(),
        "factions": Faction.objects.count(),
        "bills": Bill.objects.count(),
        "initiatives": Initiative.objects.count(),
        "questions": Question.objects.filter(published_at__isnull=False).count(),
    }
