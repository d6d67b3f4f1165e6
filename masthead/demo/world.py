"""The invented world of the demo newsroom.

Arvenia is a fictional country at war with a fictional neighbour, the Dravic
Federation. Every place, person, company and institution here is made up; any
likeness to real ones is a coincidence.
"""

# ruff: noqa: E501

COUNTRY = "Arvenia"
ADJ = "Arvenian"
CAPITAL = "Calder"
ENEMY = "the Dravic Federation"
ENEMY_ADJ = "Dravic"
CURRENCY = "crowns"

# Cities away from the front line.
CITIES = [
    "Calder",
    "Velmora",
    "Hollin",
    "Saltmere",
    "Lindavel",
    "Dunmere",
    "Ashgrove",
    "Redwater",
    "Marrow Ford",
    "Port Isaly",
    "Kestrel Bay",
    "Orvik",
]
# Towns on or near the front line.
FRONT_TOWNS = ["Tervin", "Brask", "Orlin", "Staryn", "Kovran", "Lesk", "Halvard", "Sedge Crossing"]
VILLAGES = [
    "Nettlefield",
    "Carrow",
    "Holmby",
    "Wickerby",
    "Fennick",
    "Dray Hollow",
    "Ostrel",
    "Pellin",
    "Millbrook",
    "Tarnic",
    "Ember Hill",
    "Greywell",
    "Lower Sallow",
    "Brindle",
    "Osk",
    "Rook's End",
]
REGIONS = [
    "the Velmora region",
    "Hollin province",
    "the Sarn Valley",
    "the Kestrel Coast",
    "the Brask uplands",
    "the Eastern Marches",
    "Dunmere province",
]
RIVERS = ["Sarn", "Ilva", "Morrow", "Tesk"]
PORTS = ["Port Isaly", "Kestrel Bay", "Saltmere"]

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
SMALL_NUMBERS = ["two", "three", "four", "five", "six", "seven", "eight", "nine"]

FIRST_NAMES_F = [
    "Vera",
    "Marta",
    "Zora",
    "Lena",
    "Anika",
    "Dara",
    "Irena",
    "Nadia",
    "Sona",
    "Tova",
    "Mila",
    "Greta",
    "Rosa",
    "Yana",
    "Ada",
    "Livia",
    "Orla",
    "Kira",
    "Halina",
    "Esme",
    "Ruta",
    "Signe",
    "Talia",
    "Bea",
]
FIRST_NAMES_M = [
    "Anton",
    "Pavel",
    "Lukas",
    "Oren",
    "Emil",
    "Stefan",
    "Kiril",
    "Matej",
    "Radek",
    "Teo",
    "Viktor",
    "Aron",
    "Felix",
    "Janos",
    "Nils",
    "Bram",
    "Cyril",
    "Dario",
    "Edvin",
    "Gustav",
    "Hugo",
    "Ivar",
    "Leon",
    "Milo",
]
SURNAMES = [
    "Danek",
    "Sedlar",
    "Krell",
    "Vaska",
    "Ferro",
    "Lenz",
    "Korda",
    "Marvan",
    "Kessel",
    "Orsk",
    "Hallik",
    "Veit",
    "Rusk",
    "Tamm",
    "Novar",
    "Pell",
    "Dorn",
    "Brevik",
    "Salo",
    "Varn",
    "Mirek",
    "Tolan",
    "Greer",
    "Haskel",
    "Jovak",
    "Kallen",
    "Lorne",
    "Meszar",
    "Nyman",
    "Oberin",
    "Pruss",
    "Rendel",
    "Sarka",
    "Tovin",
    "Ulvar",
    "Wenzel",
    "Zabel",
    "Aldric",
    "Borov",
    "Castell",
]

OCCUPATIONS = [
    "a retired schoolteacher",
    "a tractor driver",
    "who runs a bakery on the main square",
    "a nurse at the district hospital",
    "a railway dispatcher",
    "a pensioner who has lived on the same street for 40 years",
    "a second-year engineering student",
    "a volunteer driver",
    "a beekeeper",
    "a car mechanic",
    "a pharmacist",
    "a mother of three",
    "a former miner",
    "a market trader",
    "a bus driver",
    "a librarian",
    "a plumber",
    "a kindergarten teacher",
    "a night-shift security guard",
    "a dairy farmer",
    "a lab technician",
    "who repairs phones from a kiosk by the station",
    "a postwoman",
    "a carpenter",
]

# Named officials: (name, title). Titles follow the name in copy: "Anton Sedlar, the governor of the Velmora region".
OFFICIALS = [
    ("Ilse Marovan", "the president"),
    ("Tomas Verek", "the prime minister"),
    ("Jarek Halloran", "the defence minister"),
    ("Mira Osk", "the energy minister"),
    ("Pavel Ruden", "the finance minister"),
    ("Anton Sedlar", "the governor of the Velmora region"),
    ("Dana Krell", "the mayor of Calder"),
    ("Oren Baltz", "the mayor of Port Isaly"),
    ("Colonel Ruta Vane", "a spokeswoman for the General Staff"),
    ("Lukas Ferro", "the head of the State Emergency Service"),
    ("Helena Strand", "the governor of the National Bank"),
    ("Stefan Orsk", "the deputy health minister"),
    ("Irma Tolan", "the ombudsman for human rights"),
    ("Gustav Pell", "the head of the Hollin military administration"),
    ("Nils Wenzel", "the deputy minister for reconstruction"),
    ("Sona Veit", "the chair of the Assembly's defence committee"),
]
# Officials who speak about a specific local place use {front_town} / {city} in their title.
LOCAL_OFFICIAL_TITLES = [
    "the head of the {front_town} military administration",
    "the head of the {front_town} district council",
    "the mayor of {front_town}",
]
CITY_OFFICIAL_TITLES = [
    "the deputy mayor of {city}",
    "a member of the {city} city council",
    "the head of {city}'s education department",
]

ANALYSTS = [
    ("Nadia Holm", "a military analyst at the Calder Institute for Security Studies"),
    ("Piotr Lenz", "an economist at the Sarn School of Economics"),
    ("Irena Vos", "who studies power grids at Velmora Polytechnic"),
    ("Marek Stoll", "a former artillery officer now at the Borderlands Policy Centre"),
    ("Talia Greer", "a sociologist at the University of Calder"),
    ("Edvin Castell", "a lawyer with the Civic Rights Foundation"),
    ("Halina Borov", "a public-health researcher at the Hollin Medical Academy"),
    ("Bram Oberin", "who tracks shipping for the Kestrel Maritime Observatory"),
    ("Yana Rendel", "a political scientist who runs the polling firm Civic Pulse"),
    ("Hugo Zabel", "a drone engineer who advises several volunteer units"),
    ("Esme Kallen", "a researcher at the anti-corruption group Open Ledger Watch"),
    ("Cyril Nyman", "a former diplomat who now teaches at the Academy of Foreign Affairs"),
]

COMPANIES = [
    ("Arvgrid", "the state grid operator"),
    ("Sarn Steelworks", "the country's largest steel producer"),
    ("Kestrel Grain Terminal", "the main grain exporter on the coast"),
    ("Arvenian Railways", "the state railway"),
    ("Lindavel Dairy", "a family-owned dairy group"),
    ("Northgate Drones", "a start-up that makes reconnaissance drones"),
    ("Ilva Pharmaceuticals", "a generic-drug maker based in Hollin"),
    ("Velmora Bus Works", "a bus and tram manufacturer"),
    ("Calder Mutual", "a savings bank with branches across the country"),
    ("Port Isaly Container Line", "a shipping company"),
    ("Ashgrove Solar", "a maker of rooftop solar kits"),
    ("Tesk Timber", "a sawmill group in the north"),
]

UNITS = [
    "the 14th Mechanised Brigade",
    "the 3rd Assault Battalion",
    "the 27th Territorial Defence Brigade",
    "the 61st Artillery Brigade",
    "a volunteer drone unit called Kestrel",
    "the 9th Marine Brigade",
    "the 112th Territorial Defence Battalion",
    "the 5th Tank Brigade",
]
CALL_SIGNS = [
    "Heron",
    "Badger",
    "Tinker",
    "Professor",
    "Lynx",
    "Granite",
    "Sparrow",
    "Miller",
    "Owl",
    "Cobalt",
    "Mole",
    "Vesper",
]
HOSPITALS = [
    "the district hospital",
    "City Hospital No. 2",
    "the regional children's hospital",
    "the Red Cross field clinic",
    "St Ansel's Hospital",
]
NGOS = [
    "Open Hands",
    "the Sarn Valley Relief Network",
    "Bread and Roofs",
    "the Civic Rights Foundation",
    "Kind Wheels",
    "the Evacuation Coalition",
]


def official_slots(name):
    title = dict(OFFICIALS)[name]
    return {
        "official": f"{name}, {title}",
        "official_name": name,
        "official_last": name.split()[-1],
    }


def analyst_slots(rng, names):
    """Two different analysts, preferring `names` (a list of ANALYSTS names)."""
    pool = [a for a in ANALYSTS if a[0] in names] or ANALYSTS
    first = rng.choice(pool)
    second = rng.choice([a for a in (pool if len(pool) > 1 else ANALYSTS) if a != first])
    slots = {}
    for key, (name, title) in (("analyst", first), ("analyst2", second)):
        slots.update(
            {key: f"{name}, {title}", f"{key}_name": name, f"{key}_last": name.split()[-1]}
        )
    return slots


def month_name(dt):
    return dt.strftime("%B")


def _person(rng, used, names=FIRST_NAMES_F + FIRST_NAMES_M):
    """A new name, avoiding first names and surnames in `used` while any are left."""
    for _ in range(60):
        first = rng.choice(names)
        last = rng.choice(SURNAMES)
        if last not in used and first not in used:
            break
    used.update((first, last))
    return first, last


def people(rng, used):
    """Ordinary people an article quotes. Copy may say "she" of {resident} and
    "he" of {resident2}; {resident3}, the doctor, the volunteer and the boss get
    no pronoun."""
    slots = {}
    for key, names in (
        ("resident", FIRST_NAMES_F),
        ("resident2", FIRST_NAMES_M),
        ("resident3", FIRST_NAMES_F + FIRST_NAMES_M),
    ):
        first, last = _person(rng, used, names)
        slots[key] = f"{first} {last}, {rng.choice(OCCUPATIONS)}"
        slots[f"{key}_name"] = f"{first} {last}"
        slots[f"{key}_first"] = first
        slots[f"{key}_last"] = last
    first, last = _person(rng, used)
    slots.update({"doctor": f"Dr {first} {last}", "doctor_last": last})
    first, last = _person(rng, used)
    slots.update({"volunteer": f"{first} {last}", "volunteer_first": first, "volunteer_last": last})
    first, last = _person(rng, used)
    slots.update({"boss": f"{first} {last}", "boss_last": last})
    return slots


def cast(rng, when):
    """Everything a story template can name, drawn once per article so an article
    refers to the same town, officials and numbers throughout."""
    used = set()
    cities = rng.sample(CITIES, 3)
    fronts = rng.sample(FRONT_TOWNS, 2)
    villages = rng.sample(VILLAGES, 2)
    official = rng.choice(OFFICIALS)
    analyst, analyst2 = rng.sample(ANALYSTS, 2)
    company = rng.choice(COMPANIES)
    slots = {
        "country": COUNTRY,
        "adj": ADJ,
        "ADJ": ADJ,
        "capital": CAPITAL,
        "enemy": ENEMY,
        "enemy_adj": ENEMY_ADJ,
        "city": cities[0],
        "city2": cities[1],
        "city3": cities[2],
        "front_town": fronts[0],
        "front_town2": fronts[1],
        "village": villages[0],
        "village2": villages[1],
        "region": rng.choice(REGIONS),
        "river": rng.choice(RIVERS),
        "port": rng.choice(PORTS),
        "unit": rng.choice(UNITS),
        "call_sign": rng.choice(CALL_SIGNS),
        "call_sign2": rng.choice(CALL_SIGNS),
        "hospital": rng.choice(HOSPITALS),
        "ngo": rng.choice(NGOS),
        "company": company[0],
        "company_desc": company[1],
        "official": f"{official[0]}, {official[1]}",
        "official_name": official[0],
        "official_last": official[0].split()[-1],
        "analyst": f"{analyst[0]}, {analyst[1]}",
        "analyst_name": analyst[0],
        "analyst_last": analyst[0].split()[-1],
        "analyst2": f"{analyst2[0]}, {analyst2[1]}",
        "analyst2_name": analyst2[0],
        "analyst2_last": analyst2[0].split()[-1],
        "weekday": WEEKDAYS[when.weekday()],
        "prev_weekday": WEEKDAYS[(when.weekday() - 1) % 7],
        "month": month_name(when),
        "year": str(when.year),
        "n_small": rng.choice(SMALL_NUMBERS),
        "n_small2": rng.choice(SMALL_NUMBERS),
        "n": str(rng.randint(11, 94)),
        "n2": str(rng.randint(12, 60)),
        "n_big": str(rng.randint(120, 940)),
        "n_k": f"{rng.randint(3, 48)},{rng.randint(0, 9)}00",
        "pct": str(rng.randint(6, 44)),
        "pct2": str(rng.randint(3, 19)),
        "rate": f"{rng.randint(9, 16)}.{rng.choice('05')}",
        "km": str(rng.randint(3, 38)),
        "hours": str(rng.randint(4, 19)),
        "amount": str(rng.randint(12, 480)),
        "billion": f"{rng.randint(1, 9)}.{rng.randint(1, 9)}",
        "age": str(rng.randint(34, 58)),
        "old_age": str(rng.randint(63, 86)),
        "young_age": str(rng.randint(19, 29)),
    }
    local_title = rng.choice(LOCAL_OFFICIAL_TITLES).format(**slots)
    first, last = _person(rng, used)
    slots.update(
        {
            "local": f"{first} {last}, {local_title}",
            "local_name": f"{first} {last}",
            "local_last": last,
        }
    )
    city_title = rng.choice(CITY_OFFICIAL_TITLES).format(**slots)
    first, last = _person(rng, used)
    slots.update(
        {
            "city_official": f"{first} {last}, {city_title}",
            "city_official_name": f"{first} {last}",
            "city_official_last": last,
        }
    )
    slots.update(people(rng, used))
    slots["_used"] = used
    return slots
