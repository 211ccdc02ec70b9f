"""Parsers for the Saeima's public sources: titania.saeima.lv and data.gov.lv `saeimas-sedes`.

Modules: `urls` (URL builders), `deputies` (deputy lists), `votes` (vote pages), `opendata`
(CKAN resource list, `-vote.xml`, `-dkp.xml`), `calendar` (sittings), `motives` (vote motive
reader), `names` (name keys for matching).
"""
