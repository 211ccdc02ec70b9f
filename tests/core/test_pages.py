import pytest

from tests.factories import (
    BillFactory,
    DeputyFactory,
    FactionFactory,
    InitiativeFactory,
    VoteFactory,
)

pytestmark = pytest.mark.django_db


def test_home_page_says_what_the_service_is_in_latvian_by_default(client):
    VoteFactory.create_batch(3)
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "lv"
    assert response.context["counts"]["votes"] == 3


def test_home_page_in_english_and_russian(client):
    assert client.get("/en/").headers["Content-Language"] == "en"
    assert client.get("/ru/").headers["Content-Language"] == "ru"


def test_language_switch_sets_the_chosen_language(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert response.redirect_chain[-1][0] == "/en/"


@pytest.mark.parametrize("url", ["/votes/", "/deputies/", "/factions/", "/bills/", "/initiatives/"])
def test_list_pages_render_their_rows(client, url):
    vote = VoteFactory(motive="Grozījumi Imigrācijas likumā (1180/Lp14), 3.lasījums")
    deputy = DeputyFactory(first_name="Inga", last_name="Bērziņa")
    faction = FactionFactory(name="Frakcija JAUNĀ VIENOTĪBA", short_name="JV")
    bill = BillFactory(title="Grozījumi Saeimas vēlēšanu likumā")
    initiative = InitiativeFactory(title="Par atklātu algu valsts pārvaldē")
    expected = {
        "/votes/": vote.motive,
        "/deputies/": deputy.full_name,
        "/factions/": faction.name,
        "/bills/": bill.title,
        "/initiatives/": initiative.title,
    }[url]
    response = client.get(url)
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_admin_is_reachable_for_staff(client, admin_user):
    client.force_login(admin_user)
    for url in [
        "/admin/",
        "/admin/parliament/vote/",
        "/admin/parliament/deputy/",
        "/admin/legislation/bill/",
        "/admin/participation/question/",
        "/admin/dialogue/deputyaccount/",
        "/admin/ingest/scraperun/",
    ]:
        assert client.get(url).status_code == 200, url


def test_healthz_reports_database_reachable(client):
    assert client.get("/healthz").json() == {"status": "ok"}
