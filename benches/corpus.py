#!/usr/bin/env python3
"""Writes a benchmark corpus: the same N briefings as a gloss site and as a Hugo site.

    python3 benches/corpus.py --briefings N --out DIR

DIR/gloss/  a gloss site: site.toml, content/index.md, content/actors/ID.yaml (N/5 actors,
            at least 20), content/briefings/bNNNNN.md + .yaml (about 10% of them in
            content/analysis/ instead), each sidecar with 3 quotes, 3 events (one from a
            site-wide pool of about N/10 shared events), 2 claims and 2 notes.
DIR/hugo/   a Hugo site with byte-identical Markdown files (no sidecars, no actors), a
            hugo.toml and the minimal layouts of benches/hugo-layouts/.

Standard library only, and deterministic: the same N gives byte-identical files (one
random.Random seeded from N; no hash(), no clock). Every anchored `text` of a sidecar is
checked to occur exactly once in its article's text (Markdown syntax removed) before the
files are written, so a generator bug fails here rather than as a gloss error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
MARKER = ".gloss-bench-corpus"

# --------------------------------------------------------------------------------------
# Word lists. No digits and no apostrophes anywhere in the filler, so that every anchored
# sentence, which carries a number unique in its briefing, cannot be repeated by chance.
# --------------------------------------------------------------------------------------

FIRST = """Elena Marco Sofia Tomas Ines Pavel Amara Jonas Lucia Omar Greta Hugo Nadia Felix
Irene Mateo Clara Viktor Leila Anton Rosa Dmitri Hana Samuel Alma Karim Vera Oscar Yara
Emil Teresa Ravi Mira Lukas Selma Bruno Ada Farid Noor Joaquin Ingrid Stefan Laila Adrian
Paula Kofi Elif Henrik Maren Diego Zofia Tariq Helena Arjun Freya Nikos Wanda Idris Celia
Bastian Amina Rafael Lotte Yusuf Marta Ivo Sina Julian Esther Goran Nina Sergio Agnes Malik
Carmen Piotr Liv Hamid Dora Milan Rhea Anders Olga Kenji Beatriz Filip Aylin Gustav Renata
Soren Iman Edgar Lena Mustafa Astrid Luca Daria Jorge Katrin Emre Simone Viggo Zeynep Aurelio
Maja Ciaran Yasmin Otto Marisol Leif Hedda Anselm Rania Florin Ilse Casimir Noemi""".split()

LAST = """Marsh Okafor Lindqvist Duarte Haddad Novak Reyes Brenner Castellano Moreau Petrov
Sandoval Achterberg Kowalski Mendes Farah Halvorsen Varga Ibrahim Costa Delacroix Nakamura
Oyelaran Strand Quintero Rahimi Dalca Jansen Albescu Ferreira Kaplan Ostrowski Mwangi Galvan
Eriksen Lombardi Sato Vasquez Kruger Abara Holm Marchetti Demir Bianchi Lund Serrano Aziz
Horvath Nilsen Barros Koenig Adeyemi Torres Lazaro Wolff Sorensen Pereira Yilmaz Nowak
Mancini Baptiste Hoffmann Karimi Ruiz Oduya Falk Sauer Moreno Rossi Kovac Dahl Amaral Engel
Bakshi Navarro Vogel Ekwueme Pinto Szabo Hallberg Cardoso Weiss Osei Romero Fontaine Berg
Alves Kessler Mensah Ortega Lang Salo Medina Brandt Cruz Jovanovic Keller Aguilar Friis
Santos Winter Obi Cabrera Lorenz Vidal Tamm Escobar Richter Acosta Nygaard Fuentes Hartmann
Mbeki Paredes Sommer Ocampo Stein Valdes Hagen Arroyo Kraus Montoya Beck Solano Frank Rivas
Graf Benitez Lehmann Suarez Hahn Cortes Roth Molina Vos Ibarra Kuhn Salazar Marek""".split()

TITLES = ["Minister", "Senator", "Governor", "Judge", "General", "Ambassador", "Mayor",
          "Commissioner", "Director", "Chancellor"]

PERSON_ROLES = ["Minister of Finance", "Opposition leader", "Central bank governor",
                "Chief trade negotiator", "Union leader", "Senior diplomat",
                "Spokesperson for the interior ministry", "Member of parliament",
                "Chief executive of a shipping firm", "Regional governor",
                "Judge of the constitutional court", "Chief of the defence staff",
                "Economist and government adviser", "Minister of Energy",
                "Head of the election commission", "Mayor of the capital",
                "Minister of Agriculture", "Foreign minister", "Prosecutor general",
                "Leader of the farmers federation"]

ORG_ADJ = """Northern Southern Eastern Western Central National Federal Coastal Upland
Continental Atlantic Pacific Baltic Alpine Maritime Metropolitan Provincial United Independent
Joint Rural Civic Public Regional Interior Highland Lowland Riverside Frontier Inland Greater
Royal Democratic Consolidated Allied Standing Permanent Emergency Strategic""".split()
ORG_NOUN = """Grain Energy Freight Water Rail Harbor Mining Fisheries Textile Steel Timber
Aviation Housing Health Credit Cotton Dairy Transit Power Salt Copper Pipeline Shipping Seed
Broadcast Postal Road Tobacco Sugar Coffee Insurance Pension Savings Tunnel Cable Lumber Wool
Glass Cement Fertiliser""".split()
ORG_TYPE = """Authority Board Commission Agency Council Union Corporation Federation Institute
Company Trust Bank Syndicate Cooperative Bureau Office Association Consortium Directorate
Service""".split()
ORG_ROLES = ["State regulator", "Trade union", "State-owned company", "Industry association",
             "Public agency", "Development bank", "Producers cooperative", "Lobby group"]

GROUP_A = """Red Green Black White Blue Free Young New Old Iron Silent Rising Broken Open Golden
Northern Southern Eastern Western Grey Hidden Loyal Popular Patriotic Radical Honest Civic
People Citizens""".split()
GROUP_B = """River Valley Mountain Harbor Forest Plain Coast Delta Steppe Ridge Lake Border
Island Desert Canyon Meadow Marsh Highland Cape Gulf Prairie Dune Fjord Basin Crater Grove
Quarry Orchard Cliff Bay""".split()
GROUP_C = """Movement Front Collective Alliance Brigade Network Circle League Assembly Coalition
Guard Caucus""".split()
GROUP_ROLES = ["Protest movement", "Armed group", "Advocacy coalition", "Diaspora network",
               "Militia", "Civic platform", "Student movement", "Separatist group"]

# Single-word country names, none a part of another.
COUNTRIES = """Portugal Spain France Germany Italy Austria Belgium Denmark Norway Sweden
Finland Poland Hungary Romania Bulgaria Greece Turkey Egypt Morocco Tunisia Algeria Nigeria
Ghana Kenya Ethiopia Tanzania Uganda Angola Mozambique Zambia Namibia Botswana Brazil
Argentina Chile Peru Colombia Ecuador Bolivia Paraguay Uruguay Venezuela Mexico Canada Cuba
Jamaica Panama Japan Vietnam Thailand Indonesia Malaysia Philippines India Pakistan
Bangladesh Nepal Mongolia Kazakhstan Uzbekistan Georgia Armenia Ukraine Moldova Estonia
Latvia Lithuania Ireland Iceland Croatia Serbia Albania Slovenia Slovakia Jordan Lebanon
Oman Qatar Yemen""".split()

CITIES = """Lisbon Porto Valencia Lyon Hamburg Turin Graz Antwerp Aarhus Bergen Malmo Tampere
Gdansk Szeged Cluj Varna Patras Izmir Alexandria Tangier Sfax Oran Kano Kumasi Mombasa
Dodoma Kampala Benguela Beira Ndola Windhoek Recife Rosario Valparaiso Arequipa Medellin
Guayaquil Cochabamba Salto Monterrey Halifax Santiago Colon Osaka Danang Hue Surabaya
Penang Cebu Pune Lahore Chittagong Pokhara Almaty Samarkand Batumi Gyumri Odesa Tartu Riga
Kaunas Cork Akureyri Split Nis Durres Maribor Kosice Aqaba Tripoli Muscat Aden""".split()

AUTHORS = ["Amelia Hart", "Rashid Khan", "Lena Vogt", "Pedro Alvarez", "Mei Tanaka",
           "Jon Eklund", "Grace Mwangi", "Luis Ortega", "Ines Carvalho", "Sam Whitfield",
           "Nora Quinlan", "Tobias Renner", "Aisha Bello", "Marta Sobczak", "Kai Lindholm",
           "Briefings Desk", "Data Team", "Regional Desk", "Economics Desk", "Justice Desk"]

PUBLISHERS = ["The Harbor Courier", "Daily Ledger", "Radio Meridian", "The Plains Herald",
              "Northwind Press", "Civic Review", "The Evening Dispatch", "Capital Wire",
              "Coastline Weekly", "The Standard Record", "Ministry bulletin",
              "Parliamentary record"]
LANGUAGES = ["en", "es", "fr", "de", "pt", "it", "pl", "tr", "ar", "zh"]
SOURCE_KINDS = ["news", "opinion", "analysis", "official", "transcript"]

TAGS = ["energy", "trade", "elections", "border-security", "agriculture", "housing",
        "labour", "health", "courts", "corruption", "diplomacy", "defence", "migration",
        "climate", "water", "transport", "fisheries", "mining", "banking", "inflation",
        "pensions", "education", "media", "policing", "protests", "budget", "taxation",
        "ports", "aviation", "telecoms", "cybersecurity", "sanctions", "aid", "tourism",
        "manufacturing", "infrastructure", "local-government", "parliament", "constitution",
        "human-rights", "food-prices", "fuel", "debt", "privatisation", "wildfires",
        "floods", "public-transport", "land-reform", "regional-politics", "investigations"]
assert len(TAGS) == 50

SUBJECTS = ["the government", "the ministry", "the finance committee", "the central bank",
            "the regional council", "opposition lawmakers", "industry groups",
            "local officials", "the trade commission", "the port authority", "union leaders",
            "the election board", "the health agency", "foreign diplomats",
            "the energy regulator", "the city council", "farm cooperatives",
            "the defence ministry", "prosecutors", "the audit office", "the transport agency",
            "the coalition partners", "the interior ministry", "aid agencies",
            "the customs service", "the housing authority", "investors",
            "the chamber of commerce", "the water utility", "the statistics office",
            "the supreme court", "provincial leaders", "the labour inspectorate",
            "the fisheries board", "small business owners", "the railway operator"]

VERB_PAST = ["announced", "delayed", "rejected", "approved", "questioned", "defended",
             "criticised", "reviewed", "unveiled", "postponed", "welcomed", "expanded",
             "suspended", "endorsed", "challenged", "outlined", "revised", "backed",
             "scrapped", "extended", "debated", "blocked", "softened", "tightened"]

OBJECTS = ["the new budget", "a revised tariff schedule", "the fuel subsidy",
           "plans for a second runway", "the pension overhaul",
           "an inquiry into procurement", "the grain export quota", "the draft election law",
           "a plan to privatise the railways", "stricter border checks",
           "the offshore wind tender", "a cap on rents", "the emergency loan package",
           "new rules for drone flights", "the fisheries agreement",
           "a review of mining licences", "the water rationing scheme",
           "the digital identity programme", "new hiring in the civil service",
           "the coastal defence plan", "the minimum wage increase",
           "new reporting rules for banks", "the vaccine procurement deal",
           "a ban on plastic packaging", "the refinery expansion", "the school meals programme",
           "the harbour dredging contract", "a levy on foreign trucks",
           "the disaster relief fund", "the new customs code", "the land registry reform",
           "the broadband rollout", "the hospital building programme",
           "the police oversight bill", "a moratorium on evictions"]

CLAUSES = ["after weeks of negotiation", "despite objections from the opposition",
           "amid growing public pressure", "in a statement late on Tuesday",
           "ahead of the summer recess", "following a court challenge",
           "as talks entered a second week", "without setting a timetable",
           "in a closed session", "after a heated debate", "citing concerns about costs",
           "under pressure from creditors", "as inflation eased", "in response to the floods",
           "on the eve of the vote", "while the inquiry continues",
           "in a move that surprised analysts", "before the markets opened",
           "after a long night of talks", "with little public debate"]

INTROS = ["On Monday", "Earlier this month", "Late last year", "In a rare joint statement",
          "By the end of the week", "Behind closed doors", "Within hours", "For now",
          "For the first time in years", "In the capital", "At a press briefing", "Separately",
          "Meanwhile", "Still", "Even so", "In the provinces", "By contrast", "Once again",
          "At the same time", "In private"]

OBSERVERS = ["Analysts", "Economists", "Diplomats", "Observers", "Critics",
             "Supporters of the measure", "Several officials", "People familiar with the talks",
             "Business leaders", "Residents", "Opposition figures", "Legal scholars",
             "Aid workers", "Local reporters"]
SAID = ["said", "warned", "argued", "noted", "suggested", "cautioned", "believed",
        "doubted", "insisted", "conceded"]
MODALS = ["would", "could", "might", "seemed likely to", "seemed unlikely to",
          "would struggle to", "planned to", "hoped to", "had promised to",
          "appeared ready to"]
VERBS = ["approve", "delay", "revise", "fund", "defend", "reconsider", "expand", "abandon",
         "renegotiate", "enforce", "review", "extend", "publish", "finance"]
TIMES = ["before the end of the year", "within weeks", "by the spring", "next month",
         "over the coming decade", "before the next election", "this quarter",
         "by the autumn", "in the new year", "later this summer", "before the winter",
         "once the audit is complete"]

NOUNS = ["currency", "bond market", "debate", "dispute", "shortfall", "backlog", "strike",
         "protest", "inquiry", "deficit", "freight backlog", "housing shortage",
         "price of diesel", "turnout", "queue at the border", "gap in the accounts",
         "row over subsidies", "wait for permits"]
MOVED = ["rose", "fell", "widened", "eased", "deepened", "stalled", "persisted", "spread",
         "narrowed", "intensified", "lingered", "worsened"]
ADVERBS = ["sharply", "slightly", "steadily", "abruptly", "again", "further",
           "unexpectedly", "quietly", "briefly", "markedly"]

CODE_TOKENS = ["trade_flows", "budget-annex", "census_tables", "port-traffic.csv",
               "tariffs.json", "grain_exports", "election-results", "procurement_log",
               "fuel_prices.csv", "subsidy-register", "court_rulings", "water_meters"]
LINK_TEXTS = ["the full statement", "the official record", "the draft text",
              "an earlier report", "the published figures", "the court filing",
              "the committee minutes", "the audit summary"]
LINK_PATHS = ["statements", "records", "drafts", "reports", "figures", "filings",
              "minutes", "audits"]

HEADINGS = ["What was agreed", "The numbers", "Reaction", "What happens next", "Background",
            "The wider picture", "A disputed record", "On the ground", "The legal question",
            "Who pays", "The politics", "Open questions", "How we got here", "The response"]

# Anchored sentences: quotes.
Q_SUBJ = ["we", "the government", "our ministry", "the coalition", "this administration",
          "the council", "our partners", "the company", "the union", "the alliance",
          "our members", "the federation"]
Q_MODAL = ["will", "would", "cannot", "must", "should", "will not", "may", "could",
           "would never", "will soon"]
Q_VERB = ["freeze", "expand", "review", "suspend", "fund", "cap", "restore", "audit", "delay",
          "guarantee", "protect", "cut", "double", "reform"]
Q_UNIT = ["households", "workers", "farmers", "families", "small firms", "schools", "clinics",
          "pensioners", "students", "villages", "fishing crews", "bus routes"]

# Events: (kind, verb, unit) and topics.
EV_KINDS = [("strike", "idled", "workers"), ("summit", "brought together", "delegates"),
            ("protest", "drew", "demonstrators"), ("vote", "was carried by", "votes"),
            ("hearing", "heard from", "witnesses"), ("ruling", "affected", "contracts"),
            ("inquiry", "examined", "contracts"), ("audit", "covered", "accounts"),
            ("talks", "involved", "negotiators"), ("blockade", "stranded", "lorries"),
            ("walkout", "involved", "employees"), ("debate", "drew", "speakers"),
            ("occupation", "drew", "students"), ("raid", "seized", "documents")]
EV_TOPICS = ["the fuel subsidy", "grain exports", "the pension overhaul", "mining licences",
             "the new budget", "rent controls", "the fisheries agreement", "water rationing",
             "the port concession", "the election law", "hospital funding", "the rail tender",
             "border checks", "the minimum wage", "the refinery expansion", "land titles",
             "police oversight", "the customs code", "school closures", "the airport deal",
             "the gas pipeline", "teacher pay", "the forestry code", "bus fares"]
EV_ENDS = ["drew criticism", "came to an end", "was widely reported", "ended",
           "made headlines", "was called off", "resumed"]
# (lead, tail) around "the <event> in <place>".
EV_SHARED = [("Much of the current tension dates back to the", "and what followed"),
             ("Officials still point to the", "as a turning point"),
             ("The mood has not recovered since the", "ended without agreement"),
             ("Few in the capital have forgotten the", "or the promises made there"),
             ("The dispute echoes the", "and the concessions it produced"),
             ("Many of the same figures took part in the", "years before"),
             ("Commentators compared the week to the", "and its long aftermath")]

# Claims.
CLAIM_THINGS = ["the rail upgrade", "the school meals programme", "the border wall",
                "the harbour dredging", "the new hospital", "the pension reform",
                "the bailout of the utility", "the housing scheme", "the census",
                "the irrigation project", "the broadband rollout", "the coastal defences",
                "the fuel subsidy", "the drought relief plan", "the tax amnesty"]
CLAIM_SOURCES = ["The finance ministry", "The audit office", "Opposition lawmakers",
                 "An independent study", "The statistics office", "Industry groups",
                 "The central bank", "A parliamentary committee", "The regulator"]
STATUSES = ["unverified", "supported", "disputed", "false", "misleading"]

# Notes.
NOTE_DOCS = ["report", "draft", "memo", "survey", "ledger", "briefing paper", "annex"]
NOTE_TEXTS = [
    "The figure comes from an *unpublished* draft and may change.",
    "Earlier versions of the report gave a **lower** number.",
    "See [the background note](https://example.org/notes/background) for how it was counted.",
    "Officials have not said how the total was reached.",
    "The count excludes *seasonal* workers and informal traders.",
    "Two outlets reported the same number **independently**.",
    "The document was seen by reporters but has not been released; see [our method](https://example.org/method).",
    "This is the first time the number has appeared in an official text.",
]
DESCRIPTIONS = [
    "Known for a *hard line* on public spending.",
    "A frequent critic of the **coalition**, quoted widely in regional media.",
    "Took office after a contested vote; see [profile](https://example.org/profiles).",
    "Has led several rounds of talks on *trade* and *energy*.",
    "Its decisions are often challenged in court.",
    "Set up after the **financial crisis** to oversee public contracts.",
    "Rarely speaks to the press, preferring written statements.",
]

PY_CODE = [
    "import csv",
    "",
    'with open("{tok}") as f:',
    "    rows = list(csv.DictReader(f))",
    'total = sum(float(r["amount"]) for r in rows)',
    'print(len(rows), "rows, total", round(total, 1))',
    'regions = sorted({{r["region"] for r in rows}})',
    "for name in regions:",
    "    print(name)",
]
JSON_CODE = [
    "{{",
    '  "dataset": "{tok}",',
    '  "region": "{city}",',
    '  "year": {year},',
    '  "values": [{a}, {b}, {c}],',
    '  "unit": "thousand tonnes",',
    '  "source": "statistics office",',
    '  "revised": {rev}',
    "}}",
]


# --------------------------------------------------------------------------------------


def slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


def q(s: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(s, ensure_ascii=False)


def ylist(items) -> str:
    return "[" + ", ".join(items) + "]"


def num_words(n: int) -> str:
    return f"{n:,}"


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def reader_text(body: str) -> str:
    """The article's text near enough as a reader sees it, to check anchors with."""
    return LINK_RE.sub(r"\1", body).replace("*", "").replace("`", "")


class Gen:
    def __init__(self, n: int):
        self.n = n
        self.rng = random.Random(1_000_003 * n + 20_250_901)
        self.r = self.rng.random
        self.width = max(5, len(str(n - 1)))

    # fast, deterministic helpers built on random() only
    def pick(self, seq):
        return seq[int(self.r() * len(seq))]

    def chance(self, p: float) -> bool:
        return self.r() < p

    def between(self, lo: int, hi: int) -> int:
        return lo + int(self.r() * (hi - lo + 1))

    # ----------------------------------------------------------------------------------
    def actors(self):
        n = self.n
        total = max(20, n // 5)
        rng = self.rng
        n_countries = min(len(COUNTRIES), max(2, total // 10))
        rest = total - n_countries
        n_persons = rest * 60 // 100
        n_orgs = rest * 25 // 100
        n_groups = rest - n_persons - n_orgs
        actors = []
        taken: set[str] = set()

        def combos(lists, k):
            sizes = [len(x) for x in lists]
            space = 1
            for s in sizes:
                space *= s
            assert k <= space, "too many actors for the word lists"
            for ix in rng.sample(range(space), k):
                parts = []
                for lst, s in zip(lists, sizes):
                    parts.append(lst[ix % s])
                    ix //= s
                yield parts

        for first, last in combos([FIRST, LAST], n_persons):
            name = f"{first} {last}"
            a = {"name": name, "kind": "person", "role": self.pick(PERSON_ROLES),
                 "aliases": [], "ref": name}
            actors.append(a)
        for adj, noun, typ in combos([ORG_ADJ, ORG_NOUN, ORG_TYPE], n_orgs):
            name = f"{adj} {noun} {typ}"
            a = {"name": name, "kind": "organization", "role": self.pick(ORG_ROLES),
                 "aliases": [], "ref": f"the {name}"}
            actors.append(a)
        for a_, b_, c_ in combos([GROUP_A, GROUP_B, GROUP_C], n_groups):
            name = f"{a_} {b_} {c_}"
            a = {"name": name, "kind": "group", "role": self.pick(GROUP_ROLES),
                 "aliases": [], "ref": f"the {name}"}
            actors.append(a)
        for name in rng.sample(COUNTRIES, n_countries):
            a = {"name": name, "kind": "country", "role": None, "aliases": [],
                 "ref": f"the government of {name}"}
            actors.append(a)
        for a in actors:
            taken.add(a["name"])
        # Aliases: a title and surname for some people, an acronym for some organizations;
        # never one that another actor already uses as a name or alias.
        for a in actors:
            if a["kind"] == "person" and self.chance(0.4):
                alias = f"{self.pick(TITLES)} {a['name'].split()[1]}"
            elif a["kind"] in ("organization", "group") and self.chance(0.35):
                alias = "".join(w[0] for w in a["name"].split())
            else:
                continue
            if alias not in taken:
                taken.add(alias)
                a["aliases"].append(alias)
                a["alias_ref"] = alias if a["kind"] == "person" else f"the {alias}"
        for a in actors:
            a["id"] = slug(a["name"])
        ids = [a["id"] for a in actors]
        assert len(set(ids)) == len(ids)
        countries = [a["id"] for a in actors if a["kind"] == "country"]
        orgs = [a["id"] for a in actors if a["kind"] == "organization"]
        for a in actors:
            a["affiliations"] = []
            if a["kind"] == "person" and self.chance(0.15):
                a["affiliations"] = [self.pick(orgs or countries)]
                if self.chance(0.5):
                    c = self.pick(countries)
                    if c not in a["affiliations"]:
                        a["affiliations"].append(c)
            elif a["kind"] == "organization" and self.chance(0.1):
                a["affiliations"] = [self.pick(countries)]
            a["description"] = None
            if self.chance(0.4):
                a["description"] = self.pick(DESCRIPTIONS) + (
                    "\n" + self.pick(DESCRIPTIONS) if self.chance(0.5) else "")
        # Speakers are drawn from a fixed shuffled order so that every actor is quoted.
        self.speaker_order = list(range(len(actors)))
        rng.shuffle(self.speaker_order)
        return actors

    def actor_yaml(self, a) -> str:
        lines = [f"name: {q(a['name'])}", f"kind: {a['kind']}"]
        if a["role"]:
            lines.append(f"role: {q(a['role'])}")
        if a["aliases"]:
            lines.append(f"aliases: {ylist(q(x) for x in a['aliases'])}")
        if a["affiliations"]:
            lines.append(f"affiliations: {ylist(a['affiliations'])}")
        if a["description"]:
            lines.append("description: |")
            lines.extend("  " + x for x in a["description"].split("\n"))
        return "\n".join(lines) + "\n"

    # ----------------------------------------------------------------------------------
    def date_of(self, start: dt.date, end: dt.date) -> dt.date:
        return dt.date.fromordinal(self.between(start.toordinal(), end.toordinal()))

    def edtf(self, d: dt.date) -> str:
        x = self.r()
        if x < 0.55:
            return d.isoformat()
        if x < 0.80:
            return f"{d.year:04d}-{d.month:02d}"
        if x < 0.92:
            return f"{d.year:04d}~"
        end = d + dt.timedelta(days=self.between(3, 60))
        return f"{d.isoformat()}/{end.isoformat()}"

    def shared_events(self, actors):
        k = max(3, self.n // 10)
        space = len(EV_KINDS) * len(EV_TOPICS) * len(CITIES)
        events = []
        for j, ix in enumerate(self.rng.sample(range(space), min(k, space))):
            kind = EV_KINDS[ix % len(EV_KINDS)]
            ix //= len(EV_KINDS)
            topic = EV_TOPICS[ix % len(EV_TOPICS)]
            ix //= len(EV_TOPICS)
            place = CITIES[ix % len(CITIES)]
            d = self.date_of(dt.date(2014, 1, 1), dt.date(2026, 6, 30))
            ev_actors = sorted({self.pick(actors)["id"] for _ in range(self.between(1, 3))})
            phrase = f"{kind[0]} over {topic}"
            events.append({
                "id": f"shared-{j:05d}",
                "phrase": phrase,
                "place": place,
                "triple": (kind[0], topic, place),
                "lines": [
                    f"    date: {self.edtf(d)}",
                    f"    title: {q(cap(phrase) + ' in ' + place)}",
                    f"    actors: {ylist(ev_actors)}",
                    f"    place: {q(place)}",
                ] + ([f"    summary: {q('A shared event, cited by several briefings: the **' + phrase + '**.')}"]
                     if j % 3 == 0 else []),
            })
        # Each shared event is used by the briefings i with i % k == its slot, shuffled.
        order = list(range(len(events)))
        self.rng.shuffle(order)
        self.shared_order = order
        return events

    # ----------------------------------------------------------------------------------
    def filler(self) -> str:
        """One sentence of newsy filler, sometimes with inline Markdown."""
        t = self.r()
        if t < 0.22:
            obj = self.pick(OBJECTS)
            if self.chance(0.15):
                obj = f"*{obj}*"
            s = f"{cap(self.pick(SUBJECTS))} {self.pick(VERB_PAST)} {obj} {self.pick(CLAUSES)}."
        elif t < 0.40:
            subj = self.pick(SUBJECTS)
            if self.chance(0.12):
                subj = f"**{subj}**"
            s = f"{self.pick(INTROS)}, {subj} {self.pick(VERB_PAST)} {self.pick(OBJECTS)}."
        elif t < 0.62:
            s = (f"{self.pick(OBSERVERS)} {self.pick(SAID)} that {self.pick(SUBJECTS)} "
                 f"{self.pick(MODALS)} {self.pick(VERBS)} {self.pick(OBJECTS)} {self.pick(TIMES)}.")
        elif t < 0.80:
            adv = self.pick(ADVERBS)
            if self.chance(0.15):
                adv = f"*{adv}*"
            s = (f"The {self.pick(NOUNS)} {self.pick(MOVED)} {adv} as {self.pick(SUBJECTS)} "
                 f"{self.pick(VERB_PAST)} {self.pick(OBJECTS)}.")
        elif t < 0.88:
            i = int(self.r() * len(LINK_TEXTS))
            s = (f"{cap(LINK_TEXTS[i])} can be [read online](https://example.org/{LINK_PATHS[i]}/"
                 f"{slug(self.pick(OBJECTS))}), {self.pick(CLAUSES)}.")
            if self.chance(0.5):
                s = (f"According to [{LINK_TEXTS[i]}](https://example.org/{LINK_PATHS[i]}/x), "
                     f"{self.pick(SUBJECTS)} {self.pick(VERB_PAST)} {self.pick(OBJECTS)}.")
        elif t < 0.94:
            s = (f"The underlying data, published as `{self.pick(CODE_TOKENS)}`, suggest that "
                 f"the {self.pick(NOUNS)} {self.pick(MOVED)} {self.pick(ADVERBS)}.")
        else:
            s = f"Debate centred on **{self.pick(OBJECTS)}**, {self.pick(CLAUSES)}."
        return s

    def bullet_list(self) -> str:
        items = []
        for _ in range(self.between(3, 5)):
            item = cap(self.pick(OBJECTS))
            if self.chance(0.2):
                item = f"*{item}*"
            items.append(f"- {item}, {self.pick(CLAUSES)}")
        return "\n".join(items)

    def code_block(self) -> str:
        tok = self.pick(CODE_TOKENS)
        if self.chance(0.5):
            k = self.between(5, len(PY_CODE))
            body = "\n".join(PY_CODE[:k]).format(tok=tok)
            return f"```python\n{body}\n```"
        k = self.between(5, len(JSON_CODE) - 1)
        lines = JSON_CODE[:k] + [JSON_CODE[-1]]
        lines[k - 1] = lines[k - 1].rstrip(",")
        body = "\n".join(lines).format(
            tok=tok, city=self.pick(CITIES), year=self.between(2015, 2026),
            a=self.between(10, 99), b=self.between(10, 99), c=self.between(10, 99),
            rev="true" if self.chance(0.5) else "false")
        return f"```json\n{body}\n```"

    # ----------------------------------------------------------------------------------
    def briefing(self, i: int, actors, shared):
        """(folder, stem, markdown, sidecar yaml, markdown words)."""
        stem = f"b{i:0{self.width}d}"
        folder = "analysis" if i % 10 == 7 else "briefings"
        date = self.date_of(dt.date(2015, 1, 1), dt.date(2026, 10, 31))
        nums = self.rng.sample(range(12, 9800), 10)
        A = len(actors)
        speakers = [actors[self.speaker_order[(3 * i + k) % A]] for k in range(3)]

        anchored = []  # (sentence, anchor text) in sidecar order per kind
        quotes, events, claims, notes = [], [], [], []

        # Quotes.
        for k, sp in enumerate(speakers):
            name = sp["ref"]
            if "alias_ref" in sp and self.chance(0.5):
                name = sp["alias_ref"]
            frag = (f"{self.pick(Q_SUBJ)} {self.pick(Q_MODAL)} {self.pick(Q_VERB)} "
                    f"{self.pick(OBJECTS)} for {num_words(nums[k])} {self.pick(Q_UNIT)} "
                    f"{self.pick(TIMES)}")
            form = self.between(0, 3)
            if form == 0:
                sent, text = f"{cap(name)} said that {frag}.", frag
            elif form == 1:
                text = cap(frag)
                sent = f"\"{text},\" {name} told reporters in {self.pick(CITIES)}."
            elif form == 2:
                sent, text = f"Speaking in {self.pick(CITIES)}, {name} insisted that {frag}.", frag
            else:
                sent, text = f"According to {name}, {frag}.", frag
            lines = [f"  - id: q{k + 1}", f"    speaker: {sp['id']}", f"    text: {q(text)}"]
            if self.chance(0.65):
                said = date - dt.timedelta(days=self.between(0, 20))
                lines.append(f"    said: {said.isoformat()}")
            if self.chance(0.5):
                about = sorted({self.pick(actors)["id"] for _ in range(self.between(1, 2))})
                lines.append(f"    about: {ylist(about)}")
            if self.chance(0.2):
                lines.append(f"    source: {{ url: {q('https://example.org/sources/' + stem + '-q' + str(k + 1))}, "
                             f"title: {q('Transcript of remarks')} }}")
            quotes.append(lines)
            anchored.append((sent, text))

        # Events: one shared, two of the briefing's own.
        sh = shared[self.shared_order[i % len(shared)]]
        used = {sh["triple"]}
        shared_slot = self.between(0, 2)
        own = 0
        for k in range(3):
            if k == shared_slot:
                text = f"{sh['phrase']} in {sh['place']}"
                lead, tail = self.pick(EV_SHARED)
                sent = f"{lead} {text} {tail}."
                events.append([f"  - id: {sh['id']}"] + sh["lines"] + [f"    text: {q(text)}"])
                anchored.append((sent, text))
                continue
            while True:
                kind = self.pick(EV_KINDS)
                topic = self.pick(EV_TOPICS)
                place = self.pick(CITIES)
                if (kind[0], topic, place) not in used:
                    used.add((kind[0], topic, place))
                    break
            phrase = f"{kind[0]} over {topic}"
            n = nums[3 + own]
            own += 1
            text = f"{phrase} in {place}, which {kind[1]} {num_words(n)} {kind[2]}"
            sent = f"{self.pick(INTROS)}, the {text}, {self.pick(EV_ENDS)} {self.pick(CLAUSES)}."
            ev_date = date - dt.timedelta(days=self.between(1, 400))
            ev_actors = {speakers[self.between(0, 2)]["id"], self.pick(actors)["id"]}
            if own == 1 and 3 * self.n < A:
                # Too few briefings to quote every actor: the first event of each involves
                # a share of the others, so that no actor is left unused.
                ev_actors.update(actors[x]["id"] for x in self.speaker_order[3 * self.n + i::self.n])
            ev_actors = sorted(ev_actors)
            lines = [f"  - id: {stem}-e{own}",
                     f"    date: {self.edtf(ev_date)}",
                     f"    title: {q(cap(phrase) + ' in ' + place)}",
                     f"    actors: {ylist(ev_actors)}",
                     f"    place: {q(place)}",
                     f"    text: {q(text)}"]
            if self.chance(0.3):
                lines.append(f"    summary: {q('The ' + kind[0] + ' ' + kind[1] + ' *' + num_words(n) + ' ' + kind[2] + '*.')}")
            events.append(lines)
            anchored.append((sent, text))

        # Claims.
        forms = self.rng.sample(range(5), 2)
        for k in range(2):
            n = nums[5 + k]
            thing = self.pick(CLAIM_THINGS)
            src = self.pick(CLAIM_SOURCES)
            figure = None
            f = forms[k]
            if f == 0:
                text = f"the cost of {thing} at more than {num_words(n)} million euros"
                sent = f"{src} put {text}."
                figure = (n * 1_000_000, "EUR", ">")
            elif f == 1:
                text = f"shortfall in {thing} was less than {num_words(n)} million dollars"
                sent = f"The {text}, {src.lower()} said."
                figure = (n * 1_000_000, "USD", "<")
            elif f == 2:
                pct = n % 80 + 10
                place = self.pick(CITIES)
                text = f"support for {thing} in {place} stood at about {pct} per cent"
                sent = f"{src} found that {text}."
                figure = (pct, "%", "~")
            elif f == 3:
                unit = self.pick(Q_UNIT)
                text = f"{num_words(n)} {unit} lost access to {thing}"
                sent = f"Some {text} last year, {src.lower()} said."
                figure = (n, unit, None)
            else:
                text = f"At least {num_words(n)} jobs depend on {thing}"
                sent = f"{text}, according to {src.lower()}."
            status = STATUSES[(2 * i + k) % len(STATUSES)]
            lines = [f"  - id: c{k + 1}", f"    text: {q(text)}", f"    status: {q(status)}"]
            if self.chance(0.3):
                lines.append(f"    by: {speakers[k]['id']}")
            if figure and self.chance(0.7):
                v, unit, qual = figure
                fig = f"value: {v}, unit: {q(unit)}"
                if qual:
                    fig += f", qualifier: {q(qual)}"
                if self.chance(0.3):
                    fig += f", as_of: {date.year}"
                lines.append(f"    figure: {{ {fig} }}")
            if self.chance(0.5):
                lines.append("    sources:")
                lines.append(f"      - {{ url: {q('https://example.org/sources/' + stem + '-c' + str(k + 1))}, "
                             f"title: {q(src + ' figures')} }}")
            claims.append(lines)
            anchored.append((sent, text))

        # Notes.
        for k in range(2):
            n = nums[8 + k]
            doc = self.pick(NOTE_DOCS)
            if k == 0:
                text = f"counted {num_words(n)} {self.pick(Q_UNIT)} in {self.pick(CITIES)} alone"
                sent = f"The {doc} {text}."
            else:
                text = f"ran to {num_words(n)} pages"
                sent = f"A {doc} circulated among officials {text}, {self.pick(CLAUSES)}."
            note = self.pick(NOTE_TEXTS)
            notes.append([f"  - id: n{k + 1}", f"    text: {q(text)}", f"    note: {q(note)}"])
            anchored.append((sent, text))

        # Body: 8-12 paragraphs of about 900 words, the anchored sentences spread over them.
        n_par = self.between(8, 12)
        slots = [[] for _ in range(n_par)]
        order = list(range(len(anchored)))
        self.rng.shuffle(order)
        for j, a in enumerate(order):
            slots[j % n_par if j < n_par else self.between(0, n_par - 1)].append(a)
        target = self.between(820, 900)
        per_par = target // n_par
        headings = self.rng.sample(range(2, n_par), self.between(1, 2))
        list_after = self.between(1, n_par - 2) if self.chance(0.4) else -1
        code_after = self.between(1, n_par - 1) if i % 5 == 2 else -1
        blocks = []
        words = 0
        for p in range(n_par):
            if p in headings:
                h = self.pick(HEADINGS)
                blocks.append(f"## {h}")
                words += len(h.split())
            sents = [anchored[a][0] for a in slots[p]]
            w = sum(len(s.split()) for s in sents)
            while w < per_par:
                s = self.filler()
                sents.insert(int(self.r() * (len(sents) + 1)), s)
                w += len(s.split())
            words += w
            blocks.append(" ".join(sents))
            if p == list_after:
                blocks.append(self.bullet_list())
            if p == code_after:
                blocks.append(self.code_block())
        body = "\n\n".join(blocks) + "\n"

        # Every anchor once and only once.
        plain = reader_text(body)
        for _, text in anchored:
            first = plain.find(text)
            if first < 0 or plain.find(text, first + 1) >= 0:
                raise SystemExit(f"corpus.py bug: anchor {text!r} of {stem} is not unique")

        tags = self.rng.sample(TAGS, self.between(1, 3))
        authors = sorted(set(self.pick(AUTHORS) for _ in range(self.between(1, 2))))
        title = (f"{cap(self.pick(OBJECTS))} {self.pick(VERB_PAST)} "
                 f"{self.pick(CLAUSES)}")
        summary = (f"{cap(self.pick(SUBJECTS))} {self.pick(VERB_PAST)} {self.pick(OBJECTS)}; "
                   f"{self.pick(OBSERVERS).lower()} {self.pick(SAID)} that "
                   f"{self.pick(SUBJECTS)} {self.pick(MODALS)} {self.pick(VERBS)} it.")
        fm = ["---", f"title: {q(title)}", f"date: {date.isoformat()}",
              f"summary: {q(summary)}", f"authors: {ylist(q(a) for a in authors)}",
              f"tags: {ylist(tags)}"]
        if self.chance(0.3):
            fm.append(f"source: {{ publisher: {q(self.pick(PUBLISHERS))}, "
                      f"language: {self.pick(LANGUAGES)}, kind: {self.pick(SOURCE_KINDS)} }}")
        fm.append("---")
        md = "\n".join(fm) + "\n\n" + body

        side = [f"# Annotations for {stem}.md"]
        for name, items in (("quotes", quotes), ("events", events),
                            ("claims", claims), ("notes", notes)):
            side += ["", f"{name}:"]
            for lines in items:
                side.extend(lines)
        return folder, stem, md, "\n".join(side) + "\n", words


INDEX_MD = """---
title: "Benchmark Briefings"
date: 2026-01-01
---

A generated corpus of {n} annotated briefings for benchmarking **gloss** against Hugo. The
articles are made of word lists and mean nothing; their annotations quote real words of
each article, cite events shared between briefings and rate the claims they repeat.
"""

SITE_TOML = """title = "Benchmark Briefings"
base_url = "https://example.org/"
description = "A generated corpus for benchmarking gloss."
language = "en"

[annotations]
link_mentions = "first"

[markdown]
smart_punctuation = true
"""

HUGO_TOML = """baseURL = "https://example.org/"
title = "Benchmark Briefings"
disableKinds = []
# Some briefings may be dated after the day the benchmark runs; build them all.
buildFuture = true

[taxonomies]
  tag = "tags"

[markup]
  [markup.highlight]
    noClasses = false
"""


def write(path: Path, text: str) -> int:
    data = text.encode("utf-8")
    with open(path, "wb") as f:
        f.write(data)
    return len(data)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--briefings", type=int, required=True, metavar="N")
    ap.add_argument("--out", type=Path, required=True, metavar="DIR")
    args = ap.parse_args()
    n = args.briefings
    if n < 1:
        ap.error("--briefings must be at least 1")
    out: Path = args.out
    gloss_root, hugo_root = out / "gloss", out / "hugo"
    if out.exists() and any(p.exists() for p in (gloss_root, hugo_root)):
        if not (out / MARKER).exists():
            print(f"error: {out} already holds gloss/ or hugo/ not written by corpus.py; "
                  "choose another --out", file=sys.stderr)
            return 1
        shutil.rmtree(gloss_root, ignore_errors=True)
        shutil.rmtree(hugo_root, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    write(out / MARKER, f"briefings = {n}\n")

    g = Gen(n)
    actors = g.actors()
    shared = g.shared_events(actors)

    for d in ("content/actors", "content/briefings", "content/analysis"):
        (gloss_root / d).mkdir(parents=True, exist_ok=True)
    for d in ("content/briefings", "content/analysis"):
        (hugo_root / d).mkdir(parents=True, exist_ok=True)

    write(gloss_root / "site.toml", SITE_TOML)
    write(hugo_root / "hugo.toml", HUGO_TOML)
    index = INDEX_MD.format(n=f"{n:,}")
    write(gloss_root / "content/index.md", index)
    write(hugo_root / "content/_index.md", index)
    shutil.copytree(HERE / "hugo-layouts", hugo_root / "layouts")

    actor_bytes = 0
    for a in actors:
        actor_bytes += write(gloss_root / "content/actors" / f"{a['id']}.yaml", g.actor_yaml(a))

    md_bytes = side_bytes = words = 0
    folders = {"briefings": 0, "analysis": 0}
    for i in range(n):
        folder, stem, md, side, w = g.briefing(i, actors, shared)
        folders[folder] += 1
        words += w
        md_bytes += write(gloss_root / "content" / folder / f"{stem}.md", md)
        side_bytes += write(gloss_root / "content" / folder / f"{stem}.yaml", side)
        write(hugo_root / "content" / folder / f"{stem}.md", md)

    kinds = {}
    for a in actors:
        kinds[a["kind"]] = kinds.get(a["kind"], 0) + 1
    print(f"wrote {out}/gloss: {n} briefings ({folders['briefings']} in content/briefings, "
          f"{folders['analysis']} in content/analysis), {len(actors)} actors "
          f"({', '.join(f'{v} {k}' for k, v in sorted(kinds.items()))}), "
          f"{len(shared)} shared events, {10 * n} annotations")
    print(f"wrote {out}/hugo: the same {n} Markdown files, hugo.toml, layouts/")
    print(f"Markdown: {md_bytes:,} bytes per site ({md_bytes // n:,} per briefing, "
          f"{words // n} words on average); sidecars {side_bytes:,} bytes; "
          f"actors {actor_bytes:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
